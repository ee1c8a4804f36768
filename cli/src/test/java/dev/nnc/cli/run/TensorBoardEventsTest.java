package dev.nnc.cli.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import dev.nnc.cli.run.TensorBoardReader.Event;
import dev.nnc.cli.run.TensorBoardReader.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event files are read back by a reader written here from the TFRecord and protobuf specifications, not
 * by {@link TensorBoardEvents}' own code: it checks both CRCs of every record and decodes each Event field
 * by field, rejecting fields or wire types TensorBoardEvents should not write.
 */
class TensorBoardEventsTest {

  private static final long START_MILLIS = 1_700_000_123_456L;
  private static final String EXPECTED_FILE = "events.out.tfevents.1700000123.trainer-01.local";

  @TempDir Path dir;

  @Test
  void writesFileVersionFirstThenOneEventPerScalar() throws IOException {
    try (TensorBoardEvents events = TensorBoardEvents.create(dir, START_MILLIS, "trainer-01.local")) {
      events.scalar("loss", 0, 0.75f, 1_700_000_124.5);
      events.scalar("accuracy", 0, 0.5f, 1_700_000_124.5);
      events.scalar("loss", 1, 0.25f, 1_700_000_125.25);
      events.scalar("loss", 1L << 40, Float.NaN, 1_700_000_126.0);
      events.scalar("train/loss ü", -3, Float.NEGATIVE_INFINITY, 0.0);
    }

    List<Event> read = TensorBoardReader.read(dir.resolve(EXPECTED_FILE));

    assertEquals(6, read.size());
    assertEquals(new Event(1_700_000_123.456, 0, "brain.Event:2", null), read.get(0));
    assertEquals(new Event(1_700_000_124.5, 0, null, new Value("loss", 0.75f)), read.get(1));
    assertEquals(new Event(1_700_000_124.5, 0, null, new Value("accuracy", 0.5f)), read.get(2));
    assertEquals(new Event(1_700_000_125.25, 1, null, new Value("loss", 0.25f)), read.get(3));
    assertEquals(new Event(1_700_000_126.0, 1L << 40, null, new Value("loss", Float.NaN)), read.get(4));
    assertEquals(
        new Event(0.0, -3, null, new Value("train/loss ü", Float.NEGATIVE_INFINITY)), read.get(5));
  }

  @Test
  void tensorFlowsOwnEventClassesReadTheRecords() throws IOException {
    try (TensorBoardEvents events = TensorBoardEvents.create(dir, START_MILLIS, "trainer-01.local")) {
      events.scalar("loss/train", 3, 0.25f, 1_700_000_124.5);
    }
    // TensorFlow's generated classes for event.proto and summary.proto: a wrong field number or type
    // would land in the unknown fields and leave these getters at their defaults
    List<byte[]> records = TensorBoardReader.records(Files.readAllBytes(dir.resolve(EXPECTED_FILE)));
    assertEquals(2, records.size());
    org.tensorflow.proto.Event first = org.tensorflow.proto.Event.parseFrom(records.get(0));
    assertEquals("brain.Event:2", first.getFileVersion());
    assertEquals(1_700_000_123.456, first.getWallTime());
    assertTrue(first.getUnknownFields().asMap().isEmpty(), first.toString());
    org.tensorflow.proto.Event scalar = org.tensorflow.proto.Event.parseFrom(records.get(1));
    assertEquals(3, scalar.getStep());
    assertEquals(1_700_000_124.5, scalar.getWallTime());
    assertEquals(1, scalar.getSummary().getValueCount(), scalar.toString());
    assertEquals("loss/train", scalar.getSummary().getValue(0).getTag());
    assertEquals(0.25f, scalar.getSummary().getValue(0).getSimpleValue());
    assertTrue(scalar.getUnknownFields().asMap().isEmpty() && scalar.getSummary().getUnknownFields().asMap().isEmpty(),
        scalar.toString());
  }

  @Test
  void flushMakesScalarsReadableBeforeClose() throws IOException {
    try (TensorBoardEvents events = TensorBoardEvents.create(dir, START_MILLIS, "trainer-01.local")) {
      events.scalar("loss", 7, 1.5f, 1_700_000_130.0);
      events.flush();

      List<Event> read = TensorBoardReader.read(dir.resolve(EXPECTED_FILE));
      assertEquals(2, read.size());
      assertEquals(new Value("loss", 1.5f), read.get(1).value());
    }
  }

  @Test
  void fileNameHasWholeSecondsAndSanitizedHostname() throws IOException {
    Path runs = dir.resolve("runs").resolve("first");
    TensorBoardEvents.create(runs, 1_234_999L, "my host/../ü:1").close();

    try (Stream<Path> files = Files.list(runs)) {
      assertEquals(
          List.of("events.out.tfevents.1234.my_host_..___1"),
          files.map(file -> file.getFileName().toString()).toList());
    }
  }

  @Test
  void refusesToOverwriteAnExistingFile() throws IOException {
    try (TensorBoardEvents events = TensorBoardEvents.create(dir, START_MILLIS, "trainer-01.local")) {
      events.scalar("loss", 0, 0.75f, 1_700_000_124.5);
    }
    byte[] before = Files.readAllBytes(dir.resolve(EXPECTED_FILE));

    // Same whole second, same host: the same file name.
    assertThrows(
        FileAlreadyExistsException.class,
        () -> TensorBoardEvents.create(dir, START_MILLIS + 500, "trainer-01.local"));

    assertArrayEquals(before, Files.readAllBytes(dir.resolve(EXPECTED_FILE)));
  }

  @Test
  void crc32cAndItsMaskMatchValuesComputedByHand() {
    byte[] checkInput = "123456789".getBytes(StandardCharsets.US_ASCII);
    // The standard check value of CRC-32C (Castagnoli).
    assertEquals(0xE3069283L, TensorBoardReader.crc32c(checkInput, 0, checkInput.length));

    // rotate right 15: (0xE3069283 >>> 15) | (0xE3069283 << 17) = 0x0001C60D | 0x25060000 = 0x2507C60D
    // plus the delta:  0x2507C60D + 0xA282EAD8 = 0xC78AB0E5 (mod 2^32)
    int expectedMasked = 0xC78AB0E5;
    assertEquals(expectedMasked, TensorBoardEvents.maskedCrc32c(checkInput, 0, checkInput.length));
    assertEquals(expectedMasked, TensorBoardReader.maskedCrc32c(checkInput, 0, checkInput.length));
  }

  @Test
  void firstRecordHeaderMatchesBytesComputedOutsideJava() throws IOException {
    TensorBoardEvents.create(dir, START_MILLIS, "trainer-01.local").close();
    byte[] file = Files.readAllBytes(dir.resolve(EXPECTED_FILE));

    // The first Event is 24 bytes: wall_time (tag + 8) and file_version (tag + length + 13). Its length and
    // masked length CRC, computed with a bit-by-bit CRC-32C in Python rather than java.util.zip.CRC32C:
    byte[] expectedHeader = {0x18, 0, 0, 0, 0, 0, 0, 0, (byte) 0xa3, 0x7f, 0x4b, 0x22};
    assertArrayEquals(expectedHeader, Arrays.copyOf(file, expectedHeader.length));
  }

  @Test
  void readerRejectsAFileWithAnyOneByteFlipped() throws IOException {
    try (TensorBoardEvents events = TensorBoardEvents.create(dir, START_MILLIS, "trainer-01.local")) {
      events.scalar("loss", 3, 0.125f, 1_700_000_124.5);
    }
    byte[] original = Files.readAllBytes(dir.resolve(EXPECTED_FILE));
    assertEquals(2, TensorBoardReader.read(original).size());

    // Every byte is covered by a CRC: a length, a length CRC, data or a data CRC.
    for (int position = 0; position < original.length; position++) {
      byte[] corrupted = original.clone();
      corrupted[position] ^= 0x01;
      IOException rejected = assertThrows(IOException.class, () -> TensorBoardReader.read(corrupted));
      assertTrue(rejected.getMessage().contains("CRC"), rejected.getMessage());
    }
  }
}
