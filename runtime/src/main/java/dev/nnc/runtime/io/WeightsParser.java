package dev.nnc.runtime.io;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Parses the bytes of a weights file, telling apart the ways a file can be wrong: not a weights file,
 * another version, cut short, or damaged.
 */
final class WeightsParser {

  /** Bytes after the fingerprint in the smallest possible file (empty names, no values). */
  private static final int TAIL_AFTER_FINGERPRINT = 2 + 2 + 4 + 4 + 4 + 8;
  private static final int CRC_BYTES = 8;

  private final byte[] bytes;
  private final ByteBuffer buffer;
  private final String displayName;

  WeightsParser(byte[] bytes, String displayName) {
    this.bytes = bytes;
    this.buffer = ByteBuffer.wrap(bytes);
    this.displayName = displayName;
  }

  WeightsData parse() {
    checkMagic();
    require(4, 8 + TAIL_AFTER_FINGERPRINT);
    int version = buffer.getInt();
    if (version != WeightsFile.VERSION) {
      throw error("unsupported weights file version " + version + "; this nnc reads version "
          + WeightsFile.VERSION);
    }
    require(8, TAIL_AFTER_FINGERPRINT);
    long fingerprint = buffer.getLong();
    String modelName = readUtf(2 + 4 + 4 + 4 + 8);
    String signature = readUtf(4 + 4 + 4 + 8);
    require(4, 4 + 4 + CRC_BYTES);
    int featureCount = readCount("scaled feature");
    require(8L * featureCount, 4 + 4 + CRC_BYTES);
    float[] mean = readFloats(featureCount);
    float[] scale = readFloats(featureCount);
    require(4, 4 + CRC_BYTES);
    int parameterCount = readCount("parameter");
    require(4L * parameterCount, 4 + CRC_BYTES);
    float[] parameters = readFloats(parameterCount);
    require(4, CRC_BYTES);
    int stateCount = readCount("state");
    long expectedLength = buffer.position() + 4L * stateCount + CRC_BYTES;
    if (bytes.length < expectedLength) {
      throw error("truncated weights file: it ends after " + bytes.length + " bytes; expected "
          + expectedLength);
    }
    float[] state = readFloats(stateCount);
    if (bytes.length > expectedLength) {
      throw corrupted((bytes.length - expectedLength) + " unexpected bytes follow its end");
    }
    checkCrc();
    return new WeightsData(modelName, signature, fingerprint, mean, scale, parameters, state);
  }

  private void checkMagic() {
    byte[] magic = WeightsFile.MAGIC;
    int available = Math.min(bytes.length, magic.length);
    for (int i = 0; i < available; i++) {
      if (bytes[i] != magic[i]) {
        throw error("not an nnc weights file (it does not start with the bytes NNCW)");
      }
    }
    require(magic.length, 4 + 8 + TAIL_AFTER_FINGERPRINT);
    buffer.position(magic.length);
  }

  private void checkCrc() {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, buffer.position());
    long stored = buffer.getLong();
    if (stored != crc.getValue()) {
      throw corrupted("its checksum does not match its contents");
    }
  }

  private String readUtf(int minimumTail) {
    require(2, minimumTail);
    int length = Short.toUnsignedInt(buffer.getShort(buffer.position()));
    require(2L + length, minimumTail);
    try {
      String text = new DataInputStream(
          new ByteArrayInputStream(bytes, buffer.position(), 2 + length)).readUTF();
      buffer.position(buffer.position() + 2 + length);
      return text;
    } catch (IOException e) {
      throw corrupted("a name in it is not valid text");
    }
  }

  private int readCount(String what) {
    int count = buffer.getInt();
    if (count < 0) {
      throw corrupted("its " + what + " count is negative (" + count + ")");
    }
    return count;
  }

  private float[] readFloats(int count) {
    float[] values = new float[count];
    buffer.asFloatBuffer().get(values);
    buffer.position(buffer.position() + 4 * count);
    return values;
  }

  /** Fails as truncated unless {@code count} more bytes follow, naming the least length possible. */
  private void require(long count, int minimumTail) {
    long needed = buffer.position() + count;
    if (bytes.length < needed) {
      throw error("truncated weights file: it ends after " + bytes.length + " bytes; expected at least "
          + (needed + minimumTail));
    }
  }

  private WeightsFormatException corrupted(String detail) {
    return error("corrupted weights file: " + detail);
  }

  private WeightsFormatException error(String text) {
    return new WeightsFormatException(displayName, text);
  }
}
