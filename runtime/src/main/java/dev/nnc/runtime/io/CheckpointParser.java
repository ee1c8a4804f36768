package dev.nnc.runtime.io;

import dev.nnc.runtime.optim.OptimizerState;
import dev.nnc.runtime.train.EarlyStoppingState;
import dev.nnc.runtime.train.EpochResult;
import dev.nnc.runtime.train.schedule.ScheduleState;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Parses the bytes of a checkpoint, telling apart the ways a file can be wrong: not a checkpoint,
 * another version, cut short, or damaged.
 *
 * <p>The checksum is compared first. When it does not match, the file is parsed anyway only to tell a
 * truncated file (it runs out of bytes) from a damaged one.
 */
final class CheckpointParser {

  private static final int CRC_BYTES = 8;

  /** The file ended before the structure did. */
  private static final class Truncated extends Exception {
    private static final long serialVersionUID = 1L;

    Truncated() {
      super(null, null, false, false);
    }
  }

  /** The structure holds something impossible, such as a negative count. */
  private static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String detail) {
      super(detail, null, false, false);
    }
  }

  private final byte[] bytes;
  private final String displayName;
  private final ByteBuffer buffer;

  CheckpointParser(byte[] bytes, String displayName) {
    this.bytes = bytes;
    this.displayName = displayName;
    this.buffer = ByteBuffer.wrap(bytes);
  }

  Checkpoint parse() {
    checkMagicAndVersion();
    boolean intact = checksumMatches();
    try {
      Checkpoint checkpoint = parseStructure();
      if (!intact) {
        throw error("corrupted checkpoint: its checksum does not match its contents");
      }
      if (buffer.remaining() != CRC_BYTES) {
        throw error("corrupted checkpoint: " + (buffer.remaining() - CRC_BYTES)
            + " unexpected bytes follow its end");
      }
      return checkpoint;
    } catch (Truncated e) {
      if (intact) {
        throw error("corrupted checkpoint: its structure ends before its checksum");
      }
      throw error("truncated checkpoint: it ends after " + bytes.length + " bytes");
    } catch (Malformed e) {
      throw error("corrupted checkpoint: " + (intact ? e.getMessage() : "its checksum does not match its contents"));
    }
  }

  private void checkMagicAndVersion() {
    byte[] magic = Checkpoint.MAGIC;
    for (int i = 0; i < Math.min(bytes.length, magic.length); i++) {
      if (bytes[i] != magic[i]) {
        throw error("not an nnc checkpoint (it does not start with the bytes NNCK)");
      }
    }
    if (bytes.length < magic.length + 4 + CRC_BYTES) {
      throw error("truncated checkpoint: it ends after " + bytes.length + " bytes");
    }
    int version = buffer.getInt(magic.length);
    if (version != Checkpoint.VERSION) {
      throw error("unsupported checkpoint version " + version + "; this nnc reads version "
          + Checkpoint.VERSION);
    }
    buffer.position(magic.length + 4);
  }

  private boolean checksumMatches() {
    int end = bytes.length - CRC_BYTES;
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, end);
    return buffer.getLong(end) == crc.getValue();
  }

  /** Reads everything between the version and the checksum. */
  private Checkpoint parseStructure() throws Truncated, Malformed {
    long fingerprint = readLong();
    String modelName = readUtf();
    String signature = readUtf();
    int epoch = readCount("epoch");
    float[] parameters = readFloats();
    float[] state = readFloats();
    OptimizerState optimizer = readOptimizer();
    ScheduleState schedule = readBoolean() ? readSchedule() : null;
    EarlyStoppingState earlyStopping = readBoolean() ? readEarlyStopping() : null;
    int epochs = readCount("history");
    List<EpochResult> history = new ArrayList<>();
    for (int i = 0; i < epochs; i++) {
      history.add(new EpochResult(readInt(), readFloat(), readFloat(), readFloat(), readFloat(),
          readFloat(), readDouble(), readDouble()));
    }
    need(CRC_BYTES);
    try {
      return new Checkpoint(modelName, signature, fingerprint, epoch, parameters, state, optimizer,
          schedule, earlyStopping, history);
    } catch (IllegalArgumentException e) {
      throw new Malformed(e.getMessage());
    }
  }

  private OptimizerState readOptimizer() throws Truncated, Malformed {
    String kind = readUtf();
    double learningRate = readDouble();
    long step = readLong();
    int count = readCount("optimizer buffer");
    SortedMap<String, float[]> buffers = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      buffers.put(readUtf(), readFloats());
    }
    try {
      return new OptimizerState(kind, learningRate, step, buffers);
    } catch (IllegalArgumentException e) {
      throw new Malformed(e.getMessage());
    }
  }

  private ScheduleState readSchedule() throws Truncated, Malformed {
    String kind = readUtf();
    int count = readCount("schedule value");
    SortedMap<String, Double> values = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      values.put(readUtf(), readDouble());
    }
    return new ScheduleState(kind, values);
  }

  private EarlyStoppingState readEarlyStopping() throws Truncated, Malformed {
    double best = readDouble();
    int bestEpoch = readInt();
    int wait = readInt();
    int stoppedEpoch = readInt();
    float[] bestParameters = readFloats();
    float[] bestState = readFloats();
    try {
      return new EarlyStoppingState(best, bestEpoch, wait, stoppedEpoch, bestParameters, bestState);
    } catch (IllegalArgumentException e) {
      throw new Malformed(e.getMessage());
    }
  }

  private void need(long count) throws Truncated {
    if (buffer.remaining() < count) {
      throw new Truncated();
    }
  }

  private int readInt() throws Truncated {
    need(4);
    return buffer.getInt();
  }

  private long readLong() throws Truncated {
    need(8);
    return buffer.getLong();
  }

  private float readFloat() throws Truncated {
    need(4);
    return buffer.getFloat();
  }

  private double readDouble() throws Truncated {
    need(8);
    return buffer.getDouble();
  }

  private boolean readBoolean() throws Truncated, Malformed {
    need(1);
    byte flag = buffer.get();
    if (flag != 0 && flag != 1) {
      throw new Malformed("a presence flag holds " + flag);
    }
    return flag == 1;
  }

  private int readCount(String what) throws Truncated, Malformed {
    int count = readInt();
    if (count < 0) {
      throw new Malformed("its " + what + " count is negative (" + count + ")");
    }
    return count;
  }

  private float[] readFloats() throws Truncated, Malformed {
    int count = readCount("value");
    need(4L * count);
    float[] values = new float[count];
    buffer.asFloatBuffer().get(values);
    buffer.position(buffer.position() + 4 * count);
    return values;
  }

  private String readUtf() throws Truncated, Malformed {
    need(2);
    int length = Short.toUnsignedInt(buffer.getShort(buffer.position()));
    need(2L + length);
    try {
      String text = new DataInputStream(
          new ByteArrayInputStream(bytes, buffer.position(), 2 + length)).readUTF();
      buffer.position(buffer.position() + 2 + length);
      return text;
    } catch (IOException e) {
      throw new Malformed("a name in it is not valid text");
    }
  }

  private CheckpointException error(String text) {
    return new CheckpointException(displayName, text);
  }
}
