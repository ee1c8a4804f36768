package dev.nnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.optim.OptimizerState;
import dev.nnc.runtime.testing.LogisticRegressionNetwork;
import dev.nnc.runtime.train.EarlyStoppingState;
import dev.nnc.runtime.train.EpochResult;
import dev.nnc.runtime.train.schedule.ScheduleState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  @TempDir
  Path directory;

  private static final LogisticRegressionNetwork NET = new LogisticRegressionNetwork(2, 4).withRunningMean();

  private static Checkpoint sample() {
    return new Checkpoint("logistic", NET.signature(), NET.fingerprint(), 2,
        new float[] {0.5f, -1f, Float.NaN}, new float[] {0.25f, 4f},
        new OptimizerState("Adam", 0.001, 14, new TreeMap<>(Map.of("exp_avg", new float[] {1, 2, 3},
            "exp_avg_sq", new float[] {4, 5, 6}))),
        ScheduleState.of("StepLR", Map.of("base_lr", 0.01, "last_epoch", 2.0)),
        new EarlyStoppingState(0.75, 1, 1, 0, new float[] {9, 8, 7}, new float[] {6, 5}),
        List.of(new EpochResult(1, 0.9f, 0.01f, 0.7f, 0.75f, 0.6f, 0.01, 1.5),
            new EpochResult(2, 0.8f, 0.02f, Float.NaN, 0.8f, Float.NaN, 0.01, 1.25)));
  }

  private byte[] saved() throws IOException {
    Path file = directory.resolve("sample.nnck");
    Checkpoint.save(file, sample());
    return Files.readAllBytes(file);
  }

  private String message(byte[] bytes) throws IOException {
    Path file = directory.resolve("c.nnck");
    Files.write(file, bytes);
    return assertThrows(CheckpointException.class, () -> Checkpoint.load(file, "c.nnck")).getMessage();
  }

  @Test
  void roundTripsEveryFieldBitForBit() {
    Path file = directory.resolve("runs/a.nnck");
    Checkpoint.save(file, sample());
    Checkpoint loaded = Checkpoint.load(file, "a.nnck");
    assertEquals(sample(), loaded);
    assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(loaded.parameters()[2]));
    assertArrayEquals(new float[] {4, 5, 6}, loaded.optimizer().buffer("exp_avg_sq"));
    assertEquals(0.01, loaded.schedule().values().get("base_lr"));
    assertFalse(Files.exists(directory.resolve("runs/a.nnck.tmp")));
    loaded.checkCompatible(NET, "a.nnck");
  }

  @Test
  void roundTripsWithoutScheduleAndEarlyStopping() {
    Checkpoint bare = new Checkpoint("m", "s", 7, 0, new float[0], new float[0],
        new OptimizerState("SGD", 0.1, 0, new TreeMap<>()), null, null, List.of());
    Path file = directory.resolve("bare.nnck");
    Checkpoint.save(file, bare);
    assertEquals(bare, Checkpoint.load(file, "bare.nnck"));
  }

  @Test
  void layoutIsTheDocumentedBigEndianFormat() throws IOException {
    Checkpoint bare = new Checkpoint("m", "s", 7, 3, new float[] {1.5f}, new float[0],
        new OptimizerState("SGD", 0.1, 5, new TreeMap<>(Map.of("momentum_buffer", new float[] {2f}))),
        null, null, List.of(new EpochResult(1, 0.5f, 0f, 0.75f, Float.NaN, Float.NaN, 0.1, 2.0)));
    Path file = directory.resolve("layout.nnck");
    Checkpoint.save(file, bare);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(expected);
    out.writeBytes("NNCK");
    out.writeInt(2);
    out.writeLong(7);
    out.writeUTF("m");
    out.writeUTF("s");
    out.writeInt(3);
    out.writeInt(1);
    out.writeFloat(1.5f);
    out.writeInt(0);
    out.writeUTF("SGD");
    out.writeDouble(0.1);
    out.writeLong(5);
    out.writeInt(1);
    out.writeUTF("momentum_buffer");
    out.writeInt(1);
    out.writeFloat(2f);
    out.writeBoolean(false);
    out.writeBoolean(false);
    out.writeInt(1);
    out.writeInt(1);
    out.writeFloat(0.5f);
    out.writeFloat(0f);
    out.writeFloat(0.75f);
    out.writeFloat(Float.NaN);
    out.writeFloat(Float.NaN);
    out.writeDouble(0.1);
    out.writeDouble(2.0);
    CRC32 crc = new CRC32();
    crc.update(expected.toByteArray());
    out.writeLong(crc.getValue());
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
  }

  @Test
  void everyTruncationIsReportedAsTruncated() throws IOException {
    byte[] bytes = saved();
    for (int length = 0; length < bytes.length; length++) {
      assertEquals("c.nnck: error: truncated checkpoint: it ends after " + length + " bytes",
          message(Arrays.copyOf(bytes, length)), "length " + length);
    }
  }

  @Test
  void aFlippedByteIsReportedAsCorruption() throws IOException {
    byte[] bytes = saved();
    // from the fingerprint on; a flip in a count may instead read as a truncated file, so skip those
    int corrupted = 0;
    for (int position = 8; position < bytes.length; position++) {
      byte[] damaged = bytes.clone();
      damaged[position] ^= 0x10;
      String message = message(damaged);
      assertTrue(message.equals("c.nnck: error: corrupted checkpoint: its checksum does not match its"
          + " contents") || message.startsWith("c.nnck: error: truncated checkpoint"),
          "byte " + position + ": " + message);
      corrupted += message.contains("corrupted") ? 1 : 0;
    }
    assertTrue(corrupted > bytes.length * 3 / 4, corrupted + " of " + bytes.length);
  }

  @Test
  void otherFilesVersionsAndMissingFilesAreNamed() throws IOException {
    assertEquals("c.nnck: error: not an nnc checkpoint (it does not start with the bytes NNCK)",
        message("a,b\n1,2\n".getBytes()));
    byte[] otherVersion = saved();
    ByteBuffer.wrap(otherVersion).putInt(4, 1);
    assertEquals("c.nnck: error: unsupported checkpoint version 1; this nnc reads version 2",
        message(otherVersion));
    assertEquals("gone.nnck: error: cannot read checkpoint: no such file",
        assertThrows(CheckpointException.class,
            () -> Checkpoint.load(directory.resolve("gone.nnck"), "gone.nnck")).getMessage());
    Path weights = directory.resolve("w.nnw");
    WeightsFile.save(weights, WeightsData.of(NET, null));
    assertEquals("w.nnw: error: not an nnc checkpoint (it does not start with the bytes NNCK)",
        assertThrows(CheckpointException.class, () -> Checkpoint.load(weights, "w.nnw")).getMessage());
  }

  @Test
  void aCheckpointOfAnotherModelOrSizeIsRefused() {
    LogisticRegressionNetwork other = new LogisticRegressionNetwork(3, 4);
    assertEquals("x.nnck: error: the checkpoint was written for model 'logistic' (input[2] running_mean"
        + " dense[1]sigmoid) but this model is 'logistic' (input[3] dense[1]sigmoid)",
        assertThrows(CheckpointException.class, () -> sample().checkCompatible(other, "x.nnck"))
            .getMessage());
    Checkpoint s = sample();
    Checkpoint wrongSize = new Checkpoint(s.modelName(), s.signature(), s.fingerprint(), 2,
        new float[4], s.state(), s.optimizer(), s.schedule(), s.earlyStopping(), s.history());
    assertEquals("x.nnck: error: the checkpoint holds 4 parameters and 2 state values but model"
        + " 'logistic' has 3 and 2", assertThrows(CheckpointException.class,
            () -> wrongSize.checkCompatible(NET, "x.nnck")).getMessage());
  }

  @Test
  void checkReplaceableRefusesOtherFilesAndDirectories() throws IOException {
    Path data = directory.resolve("data.csv");
    Files.writeString(data, "x\n");
    assertThrows(CheckpointException.class, () -> Checkpoint.checkReplaceable(data));
    assertThrows(CheckpointException.class, () -> Checkpoint.checkReplaceable(directory));
    Checkpoint.checkReplaceable(directory.resolve("new.nnck"));
    Path existing = directory.resolve("old.nnck");
    Checkpoint.save(existing, sample());
    Checkpoint.checkReplaceable(existing);
  }
}
