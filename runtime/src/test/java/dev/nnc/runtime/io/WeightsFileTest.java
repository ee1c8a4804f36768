package dev.nnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.nnc.runtime.data.StandardScaler;
import dev.nnc.runtime.testing.LogisticRegressionNetwork;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {

  @TempDir
  Path directory;

  private static WeightsData sample() {
    return new WeightsData("student", "input[2] dense[1]sigmoid", 0x1234_5678_9ABC_DEF0L,
        new float[] {5.5f, 6.25f}, new float[] {2f, 1.5f}, new float[] {0.1f, -0.2f, Float.MIN_VALUE},
        new float[] {0.75f, -3f});
  }

  @Test
  void roundTripsEveryField() {
    Path file = directory.resolve("out/models/student.nnw");
    WeightsFile.save(file, sample());
    WeightsData loaded = WeightsFile.load(file, "student.nnw");
    assertEquals(sample(), loaded);
    assertArrayEquals(new float[] {0.1f, -0.2f, Float.MIN_VALUE}, loaded.parameters());
    assertArrayEquals(new float[] {0.75f, -3f}, loaded.state());
    StandardScaler scaler = loaded.scaler().orElseThrow();
    assertArrayEquals(new float[] {5.5f, 6.25f}, scaler.mean());
    assertFalse(Files.exists(directory.resolve("out/models/student.nnw.tmp")), "no temporary file left");
  }

  @Test
  void roundTripsWithoutAScalerAndWithUnicodeNames() {
    WeightsData data = new WeightsData("modèle_π", "input[1] dense[1]", -1L, new float[0], new float[0],
        new float[] {1f}, new float[0]);
    Path file = directory.resolve("u.nnw");
    WeightsFile.save(file, data);
    WeightsData loaded = WeightsFile.load(file, "u.nnw");
    assertEquals(data, loaded);
    assertTrue(loaded.scaler().isEmpty());
  }

  @Test
  void layoutIsTheDocumentedBigEndianFormat() throws IOException {
    Path file = directory.resolve("layout.nnw");
    WeightsFile.save(file, sample());
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(expected);
    out.writeBytes("NNCW");
    out.writeInt(1);
    out.writeLong(0x1234_5678_9ABC_DEF0L);
    out.writeUTF("student");
    out.writeUTF("input[2] dense[1]sigmoid");
    out.writeInt(2);
    out.writeFloat(5.5f);
    out.writeFloat(6.25f);
    out.writeFloat(2f);
    out.writeFloat(1.5f);
    out.writeInt(3);
    out.writeFloat(0.1f);
    out.writeFloat(-0.2f);
    out.writeFloat(Float.MIN_VALUE);
    out.writeInt(2);
    out.writeFloat(0.75f);
    out.writeFloat(-3f);
    CRC32 crc = new CRC32();
    crc.update(expected.toByteArray());
    out.writeLong(crc.getValue());
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
  }

  @Test
  void replacesAnExistingFile() {
    Path file = directory.resolve("w.nnw");
    WeightsFile.save(file, sample());
    WeightsData other = new WeightsData("b", "s", 1, new float[0], new float[0], new float[] {9f},
        new float[0]);
    WeightsFile.save(file, other);
    assertEquals(other, WeightsFile.load(file, "w.nnw"));
  }

  @Test
  void aStaleTemporaryFileFromACrashIsOverwrittenNotAppendedTo() throws IOException {
    Path file = directory.resolve("w.nnw");
    Files.write(directory.resolve("w.nnw.tmp"), new byte[4096]);
    WeightsFile.save(file, sample());
    assertEquals(sample(), WeightsFile.load(file, "w.nnw"));
    assertFalse(Files.exists(directory.resolve("w.nnw.tmp")));
  }

  @Test
  void missingFileSaysSo() {
    WeightsFormatException error = assertThrows(WeightsFormatException.class,
        () -> WeightsFile.load(directory.resolve("none.nnw"), "out/none.nnw"));
    assertEquals("out/none.nnw: error: cannot read weights file: no such file", error.getMessage());
  }

  @Test
  void otherFilesAreNotWeightsFiles() throws IOException {
    Path file = directory.resolve("data.csv");
    Files.writeString(file, "a,b\n1,2\n");
    WeightsFormatException error = assertThrows(WeightsFormatException.class,
        () -> WeightsFile.load(file, "data.csv"));
    assertEquals("data.csv: error: not an nnc weights file (it does not start with the bytes NNCW)",
        error.getMessage());
    Files.write(file, new byte[] {'X'});
    assertThrows(WeightsFormatException.class, () -> WeightsFile.load(file, "data.csv"));
  }

  @Test
  void otherVersionsAreRefused() throws IOException {
    byte[] bytes = saved();
    ByteBuffer.wrap(bytes).putInt(4, 2);
    WeightsFormatException error = assertThrows(WeightsFormatException.class, () -> load(bytes));
    assertEquals("w.nnw: error: unsupported weights file version 2; this nnc reads version 1",
        error.getMessage());
  }

  @Test
  void everyTruncationIsReportedAsTruncated() throws IOException {
    byte[] bytes = saved();
    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      WeightsFormatException error = assertThrows(WeightsFormatException.class, () -> load(cut),
          "length " + length);
      assertTrue(error.getMessage().startsWith(
          "w.nnw: error: truncated weights file: it ends after " + length + " bytes; expected "),
          error.getMessage());
    }
  }

  @Test
  void truncationMessagesNameTheExpectedLength() throws IOException {
    byte[] bytes = saved(); // 4 + 4 + 8 + 9 + 26 + 4 + 16 + 4 + 12 + 4 + 8 + 8 = 107 bytes
    assertEquals(107, bytes.length);
    assertEquals("w.nnw: error: truncated weights file: it ends after 0 bytes; expected at least 40",
        message(Arrays.copyOf(bytes, 0)));
    assertEquals("w.nnw: error: truncated weights file: it ends after 20 bytes; expected at least 47",
        message(Arrays.copyOf(bytes, 20))); // the model name's length (7) is known by then
    assertEquals("w.nnw: error: truncated weights file: it ends after 80 bytes; expected at least 99",
        message(Arrays.copyOf(bytes, 80))); // inside the parameters: the state count is not known yet
    assertEquals("w.nnw: error: truncated weights file: it ends after 95 bytes; expected 107",
        message(Arrays.copyOf(bytes, 95))); // inside the state: the full length is known
    assertEquals("w.nnw: error: truncated weights file: it ends after 106 bytes; expected 107",
        message(Arrays.copyOf(bytes, 106)));
  }

  @Test
  void aFlippedByteIsReportedAsCorruption() throws IOException {
    byte[] bytes = saved();
    String expected = "w.nnw: error: corrupted weights file: its checksum does not match its contents";
    // fingerprint, name, scaler, parameters, state, checksum
    for (int position : new int[] {9, 20, 60, 80, 93, 102}) {
      byte[] damaged = bytes.clone();
      damaged[position] ^= 0x10;
      assertEquals(expected, message(damaged), "flipped byte " + position);
    }
  }

  @Test
  void trailingBytesAreCorruption() throws IOException {
    byte[] bytes = Arrays.copyOf(saved(), 109);
    assertEquals("w.nnw: error: corrupted weights file: 2 unexpected bytes follow its end", message(bytes));
  }

  @Test
  void weightsOfAnotherModelAreRefusedNamingBothModels() {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(3, 4);
    WeightsFormatException error = assertThrows(WeightsFormatException.class,
        () -> WeightsFile.checkCompatible(sample(), net, "x.nnw"));
    assertEquals("x.nnw: error: the weights file was trained for model 'student' (input[2]"
        + " dense[1]sigmoid) but this model is 'logistic' (input[3] dense[1]sigmoid)", error.getMessage());
  }

  @Test
  void loadIntoCopiesParametersOfACompatibleFile() {
    LogisticRegressionNetwork trained = new LogisticRegressionNetwork(2, 4);
    System.arraycopy(new float[] {0.5f, -1.5f, 2f}, 0, trained.parameters(), 0, 3);
    Path file = directory.resolve("logistic.nnw");
    WeightsFile.save(file, WeightsData.of(trained, StandardScaler.identity(2)));
    LogisticRegressionNetwork fresh = new LogisticRegressionNetwork(2, 8);
    WeightsData data = WeightsFile.loadInto(fresh, file, "logistic.nnw");
    assertArrayEquals(new float[] {0.5f, -1.5f, 2f}, fresh.parameters());
    assertArrayEquals(new float[] {1f, 1f}, data.scaler().orElseThrow().scale());
  }

  @Test
  void sameFingerprintButOtherSizesIsRefused() {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    WeightsData wrongCount = new WeightsData("logistic", net.signature(), net.fingerprint(), new float[0],
        new float[0], new float[5], new float[0]);
    assertEquals("x.nnw: error: the weights file holds 5 parameters but model 'logistic' has 3",
        assertThrows(WeightsFormatException.class,
            () -> WeightsFile.checkCompatible(wrongCount, net, "x.nnw")).getMessage());
    WeightsData wrongScaler = new WeightsData("logistic", net.signature(), net.fingerprint(),
        new float[3], new float[] {1, 1, 1}, new float[3], new float[0]);
    assertEquals("x.nnw: error: the weights file scales 3 features but model 'logistic' takes 2",
        assertThrows(WeightsFormatException.class,
            () -> WeightsFile.checkCompatible(wrongScaler, net, "x.nnw")).getMessage());
  }

  @Test
  void stateIsCapturedCopiedAndChecked() {
    LogisticRegressionNetwork trained = new LogisticRegressionNetwork(2, 4).withRunningMean();
    System.arraycopy(new float[] {0.5f, -1.5f, 2f}, 0, trained.parameters(), 0, 3);
    System.arraycopy(new float[] {0.25f, 4f}, 0, trained.state(), 0, 2);
    Path file = directory.resolve("bn.nnw");
    WeightsFile.save(file, WeightsData.of(trained, null));
    trained.state()[0] = 99f; // the snapshot is a copy
    LogisticRegressionNetwork fresh = new LogisticRegressionNetwork(2, 8).withRunningMean();
    WeightsFile.loadInto(fresh, file, "bn.nnw");
    assertArrayEquals(new float[] {0.5f, -1.5f, 2f}, fresh.parameters());
    assertArrayEquals(new float[] {0.25f, 4f}, fresh.state());

    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    WeightsData wrongState = new WeightsData("logistic", net.signature(), net.fingerprint(),
        new float[0], new float[0], new float[3], new float[2]);
    assertEquals("x.nnw: error: the weights file holds 2 state values (such as BatchNorm running"
        + " statistics) but model 'logistic' has 0", assertThrows(WeightsFormatException.class,
            () -> WeightsFile.checkCompatible(wrongState, net, "x.nnw")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> wrongState.copyParametersInto(net));
  }

  @Test
  void failedSaveLeavesTheExistingFileUntouched() throws IOException {
    Path file = directory.resolve("keep.nnw");
    WeightsFile.save(file, sample());
    byte[] before = Files.readAllBytes(file);
    // a directory where the temporary file must go makes the write fail before the rename
    Path blocker = directory.resolve("keep.nnw.tmp");
    Files.createDirectory(blocker);
    Files.writeString(blocker.resolve("inside"), "x");
    WeightsData other = new WeightsData("b", "s", 1, new float[0], new float[0], new float[] {9f},
        new float[0]);
    WeightsFileException error = assertThrows(WeightsFileException.class,
        () -> WeightsFile.save(file, other));
    assertTrue(error.getMessage().startsWith(file + ": error: cannot write weights file: "),
        error.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertTrue(Files.isDirectory(blocker), "save must not delete what it did not create");
  }

  @Test
  void savingOverADirectoryFailsCleanly() throws IOException {
    Path target = directory.resolve("model.nnw");
    Files.createDirectory(target);
    Files.writeString(target.resolve("inside"), "x");
    WeightsFileException error = assertThrows(WeightsFileException.class,
        () -> WeightsFile.save(target, sample()));
    assertTrue(error.getMessage().startsWith(target + ": error: cannot write weights file: "),
        error.getMessage());
    assertTrue(Files.isDirectory(target));
    assertFalse(Files.exists(directory.resolve("model.nnw.tmp")), "the temporary file is cleaned up");
  }

  @Test
  void aFileWhereTheParentDirectoryMustGoIsNamed() throws IOException {
    Path blocker = directory.resolve("out");
    Files.writeString(blocker, "not a directory");
    Path file = blocker.resolve("w.nnw");
    WeightsFileException error = assertThrows(WeightsFileException.class,
        () -> WeightsFile.save(file, sample()));
    assertEquals(file + ": error: cannot write weights file: " + blocker + " is a file, not a directory",
        error.getMessage());
  }

  @Test
  void readOnlyDirectoryFailsCleanly() throws IOException {
    Path locked = directory.resolve("locked");
    Files.createDirectory(locked);
    Path file = locked.resolve("w.nnw");
    WeightsFile.save(file, sample());
    byte[] before = Files.readAllBytes(file);
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(Files.isWritable(locked), "permissions are not enforced for this user (root)");
      WeightsFileException error = assertThrows(WeightsFileException.class,
          () -> WeightsFile.save(file, new WeightsData("b", "s", 1, new float[0], new float[0],
              new float[0], new float[0])));
      assertEquals(file + ": error: cannot write weights file: permission denied", error.getMessage());
      assertArrayEquals(before, Files.readAllBytes(file));
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private byte[] saved() throws IOException {
    Path file = directory.resolve("sample.nnw");
    WeightsFile.save(file, sample());
    return Files.readAllBytes(file);
  }

  private WeightsData load(byte[] bytes) throws IOException {
    Path file = directory.resolve("w.nnw");
    Files.write(file, bytes);
    return WeightsFile.load(file, "w.nnw");
  }

  private String message(byte[] bytes) {
    return assertThrows(WeightsFormatException.class, () -> load(bytes)).getMessage();
  }
}
