package dev.nnc.cli.run;

import com.google.protobuf.CodedOutputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Writes scalars to a TensorBoard event file, so a run directory opens with {@code tensorboard --logdir}.
 *
 * <p>The file is a sequence of TFRecords, each holding one serialized TensorFlow {@code Event}:
 *
 * <pre>
 * uint64 length               little-endian
 * uint32 masked_crc32c(length)
 * byte   data[length]         the Event message
 * uint32 masked_crc32c(data)
 * </pre>
 *
 * The first Event names the format ({@code file_version = "brain.Event:2"}); every later one carries a
 * {@code Summary} with a single {@code Value{tag, simple_value}}. Only three tiny messages are needed, so
 * they are written field by field with protobuf's {@link CodedOutputStream} instead of classes generated
 * from TensorFlow's {@code event.proto} and {@code summary.proto}.
 *
 * <p>Not thread-safe.
 */
public final class TensorBoardEvents implements Closeable {

  /** The version string TensorBoard expects in the first event of a file. */
  static final String FILE_VERSION = "brain.Event:2";

  // Field numbers from tensorflow/core/util/event.proto and tensorflow/core/framework/summary.proto.
  private static final int EVENT_WALL_TIME = 1;
  private static final int EVENT_STEP = 2;
  private static final int EVENT_FILE_VERSION = 3;
  private static final int EVENT_SUMMARY = 5;
  private static final int SUMMARY_VALUE = 1;
  private static final int VALUE_TAG = 1;
  private static final int VALUE_SIMPLE_VALUE = 2;

  // Added after rotating the CRC, so that a CRC stored inside the data it covers does not confuse it.
  private static final int CRC_MASK_DELTA = 0xa282ead8;

  private final OutputStream out;

  private TensorBoardEvents(OutputStream out) {
    this.out = out;
  }

  /**
   * Creates {@code events.out.tfevents.<seconds>.<hostname>} in {@code directory} (creating the directory
   * if needed) and writes the file-version event. Characters of the hostname outside {@code [A-Za-z0-9._-]}
   * become {@code '_'}.
   *
   * @throws java.nio.file.FileAlreadyExistsException if that file exists already; it is never overwritten
   */
  public static TensorBoardEvents create(Path directory, long wallClockMillis, String hostname)
      throws IOException {
    Objects.requireNonNull(directory, "directory == null");
    Objects.requireNonNull(hostname, "hostname == null");
    long seconds = Math.floorDiv(wallClockMillis, 1000L);
    String fileName = "events.out.tfevents." + seconds + "." + hostname.replaceAll("[^A-Za-z0-9._-]", "_");
    Files.createDirectories(directory);
    OutputStream file = Files.newOutputStream(directory.resolve(fileName), StandardOpenOption.CREATE_NEW);
    TensorBoardEvents events = new TensorBoardEvents(new BufferedOutputStream(file));
    try {
      events.writeRecord(message(event -> {
        event.writeDouble(EVENT_WALL_TIME, wallClockMillis / 1000.0);
        event.writeString(EVENT_FILE_VERSION, FILE_VERSION);
      }));
    } catch (IOException e) {
      events.close();
      throw e;
    }
    return events;
  }

  /**
   * Appends one scalar: an Event at {@code step} whose Summary holds {@code tag = value}. NaN and the
   * infinities are written as they are; TensorBoard shows them.
   */
  public void scalar(String tag, long step, float value, double wallTimeSeconds) throws IOException {
    Objects.requireNonNull(tag, "tag == null");
    byte[] summaryValue = message(v -> {
      v.writeString(VALUE_TAG, tag);
      v.writeFloat(VALUE_SIMPLE_VALUE, value);
    });
    // An embedded message is written like a bytes field: tag, length, then its encoding.
    byte[] summary = message(s -> s.writeByteArray(SUMMARY_VALUE, summaryValue));
    writeRecord(message(event -> {
      event.writeDouble(EVENT_WALL_TIME, wallTimeSeconds);
      event.writeInt64(EVENT_STEP, step);
      event.writeByteArray(EVENT_SUMMARY, summary);
    }));
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** Frames {@code data} as one TFRecord. */
  private void writeRecord(byte[] data) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(Long.BYTES + Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(data.length);
    header.putInt(maskedCrc32c(header.array(), 0, Long.BYTES));
    ByteBuffer footer = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    footer.putInt(maskedCrc32c(data, 0, data.length));
    out.write(header.array());
    out.write(data);
    out.write(footer.array());
  }

  /** CRC-32C of the bytes, rotated right by 15 bits plus a constant, as TFRecord stores it. */
  static int maskedCrc32c(byte[] bytes, int offset, int length) {
    CRC32C crc32c = new CRC32C();
    crc32c.update(bytes, offset, length);
    int crc = (int) crc32c.getValue();
    return ((crc >>> 15) | (crc << 17)) + CRC_MASK_DELTA;
  }

  /** The fields of one message, written in field-number order. */
  private interface MessageFields {
    void writeTo(CodedOutputStream message) throws IOException;
  }

  private static byte[] message(MessageFields fields) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream message = CodedOutputStream.newInstance(bytes);
    fields.writeTo(message);
    message.flush();
    return bytes.toByteArray();
  }
}
