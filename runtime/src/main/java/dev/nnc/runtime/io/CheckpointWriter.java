package dev.nnc.runtime.io;

import dev.nnc.runtime.optim.OptimizerState;
import dev.nnc.runtime.train.EarlyStoppingState;
import dev.nnc.runtime.train.EpochResult;
import dev.nnc.runtime.train.schedule.ScheduleState;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/** Writes the layout {@link Checkpoint} documents. */
final class CheckpointWriter {

  /** Floats are converted to bytes this many at a time, not one call per value. */
  private static final int CHUNK = 4096;

  private CheckpointWriter() {}

  static void write(Checkpoint checkpoint, OutputStream stream) throws IOException {
    CRC32 crc = new CRC32();
    DataOutputStream out = new DataOutputStream(new CheckedOutputStream(stream, crc));
    out.write(Checkpoint.MAGIC);
    out.writeInt(Checkpoint.VERSION);
    out.writeLong(checkpoint.fingerprint());
    out.writeUTF(checkpoint.modelName());
    out.writeUTF(checkpoint.signature());
    out.writeInt(checkpoint.epoch());
    writeFloats(out, checkpoint.parameters());
    writeFloats(out, checkpoint.state());
    writeOptimizer(out, checkpoint.optimizer());
    writeSchedule(out, checkpoint.schedule());
    writeEarlyStopping(out, checkpoint.earlyStopping());
    out.writeInt(checkpoint.history().size());
    for (EpochResult result : checkpoint.history()) {
      out.writeInt(result.epoch());
      out.writeFloat(result.trainLoss());
      out.writeFloat(result.penalty());
      out.writeFloat(result.trainAccuracy());
      out.writeFloat(result.validationLoss());
      out.writeFloat(result.validationAccuracy());
      out.writeDouble(result.learningRate());
      out.writeDouble(result.seconds());
    }
    out.writeLong(crc.getValue());
    out.flush();
  }

  private static void writeOptimizer(DataOutputStream out, OptimizerState optimizer)
      throws IOException {
    out.writeUTF(optimizer.optimizer());
    out.writeDouble(optimizer.learningRate());
    out.writeLong(optimizer.step());
    out.writeInt(optimizer.buffers().size());
    for (Map.Entry<String, float[]> buffer : optimizer.buffers().entrySet()) {
      out.writeUTF(buffer.getKey());
      writeFloats(out, buffer.getValue());
    }
  }

  private static void writeSchedule(DataOutputStream out, ScheduleState schedule) throws IOException {
    out.writeBoolean(schedule != null);
    if (schedule == null) {
      return;
    }
    out.writeUTF(schedule.schedule());
    out.writeInt(schedule.values().size());
    for (Map.Entry<String, Double> value : schedule.values().entrySet()) {
      out.writeUTF(value.getKey());
      out.writeDouble(value.getValue());
    }
  }

  private static void writeEarlyStopping(DataOutputStream out, EarlyStoppingState early)
      throws IOException {
    out.writeBoolean(early != null);
    if (early == null) {
      return;
    }
    out.writeDouble(early.best());
    out.writeInt(early.bestEpoch());
    out.writeInt(early.epochsWithoutImprovement());
    out.writeInt(early.stoppedEpoch());
    writeFloats(out, early.bestParameters());
    writeFloats(out, early.bestState());
  }

  /** A count, then the floats' raw IEEE bits, so every value (NaN payloads too) reads back exactly. */
  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    ByteBuffer bytes = ByteBuffer.allocate(4 * Math.min(CHUNK, values.length));
    for (int from = 0; from < values.length; from += CHUNK) {
      int count = Math.min(CHUNK, values.length - from);
      bytes.clear();
      for (int i = from; i < from + count; i++) {
        bytes.putInt(Float.floatToRawIntBits(values[i]));
      }
      out.write(bytes.array(), 0, 4 * count);
    }
  }
}
