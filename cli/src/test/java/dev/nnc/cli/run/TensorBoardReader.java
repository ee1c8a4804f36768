package dev.nnc.cli.run;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads TensorBoard event files for the tests, independently of {@link TensorBoardEvents}' own code: it
 * checks both CRCs of every TFRecord and decodes each Event, Summary and Summary.Value field by field,
 * refusing anything unexpected.
 */
public final class TensorBoardReader {

  private TensorBoardReader() {}

  /** One Event; {@code fileVersion} and {@code value} are null when absent. */
  public record Event(double wallTime, long step, String fileVersion, Value value) {}

  /** A Summary.Value. Records compare floats with {@link Float#compare}, so NaN equals NaN. */
  public record Value(String tag, float simpleValue) {}

  // Tags are (field number << 3) | wire type; wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32.
  private static final int EVENT_WALL_TIME_DOUBLE = (1 << 3) | 1;
  private static final int EVENT_STEP_INT64 = (2 << 3) | 0;
  private static final int EVENT_FILE_VERSION_STRING = (3 << 3) | 2;
  private static final int EVENT_SUMMARY_MESSAGE = (5 << 3) | 2;
  private static final int SUMMARY_VALUE_MESSAGE = (1 << 3) | 2;
  private static final int VALUE_TAG_STRING = (1 << 3) | 2;
  private static final int VALUE_SIMPLE_VALUE_FLOAT = (2 << 3) | 5;

  public static List<Event> read(Path file) throws IOException {
    return read(Files.readAllBytes(file));
  }

  public static List<Event> read(byte[] file) throws IOException {
    List<Event> events = new ArrayList<>();
    for (byte[] data : records(file)) {
      events.add(decodeEvent(CodedInputStream.newInstance(data)));
    }
    return events;
  }

  /** The payload of every TFRecord in the file, after checking both CRCs of each. */
  public static List<byte[]> records(byte[] file) throws IOException {
    ByteBuffer records = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> payloads = new ArrayList<>();
    while (records.hasRemaining()) {
      int start = records.position();
      long length = records.getLong();
      if (records.getInt() != maskedCrc32c(file, start, Long.BYTES)) {
        throw new IOException("length CRC mismatch in the record at byte " + start);
      }
      byte[] data = new byte[Math.toIntExact(length)];
      records.get(data);
      if (records.getInt() != maskedCrc32c(data, 0, data.length)) {
        throw new IOException("data CRC mismatch in the record at byte " + start);
      }
      payloads.add(data);
    }
    return payloads;
  }

  private static Event decodeEvent(CodedInputStream in) throws IOException {
    double wallTime = 0;
    long step = 0;
    String fileVersion = null;
    Value value = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case EVENT_WALL_TIME_DOUBLE -> wallTime = in.readDouble();
        case EVENT_STEP_INT64 -> step = in.readInt64();
        case EVENT_FILE_VERSION_STRING -> fileVersion = in.readString();
        case EVENT_SUMMARY_MESSAGE -> value = decodeSummary(in.readBytes().newCodedInput());
        default -> throw new IOException("unexpected Event tag " + tag);
      }
    }
    return new Event(wallTime, step, fileVersion, value);
  }

  /** The single Value of a Summary; TensorBoardEvents writes exactly one per scalar. */
  private static Value decodeSummary(CodedInputStream in) throws IOException {
    List<Value> values = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag != SUMMARY_VALUE_MESSAGE) {
        throw new IOException("unexpected Summary tag " + tag);
      }
      values.add(decodeValue(in.readBytes().newCodedInput()));
    }
    if (values.size() != 1) {
      throw new IOException(values.size() + " values in one Summary, expected 1");
    }
    return values.get(0);
  }

  private static Value decodeValue(CodedInputStream in) throws IOException {
    String tagName = null;
    float simpleValue = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case VALUE_TAG_STRING -> tagName = in.readString();
        case VALUE_SIMPLE_VALUE_FLOAT -> simpleValue = in.readFloat();
        default -> throw new IOException("unexpected Summary.Value tag " + tag);
      }
    }
    return new Value(tagName, simpleValue);
  }

  static int maskedCrc32c(byte[] bytes, int offset, int length) {
    int crc = (int) crc32c(bytes, offset, length);
    return Integer.rotateRight(crc, 15) + 0xA282EAD8;
  }

  static long crc32c(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }
}
