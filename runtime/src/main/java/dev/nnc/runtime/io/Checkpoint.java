package dev.nnc.runtime.io;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.optim.OptimizerState;
import dev.nnc.runtime.train.EarlyStoppingState;
import dev.nnc.runtime.train.EpochResult;
import dev.nnc.runtime.train.schedule.ScheduleState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to continue a training run after a complete epoch so that it ends bit-identical to
 * a run that was never interrupted: the network's parameters and state, the optimizer's, schedule's and
 * early stopping's progress, and the history so far.
 *
 * <p>File layout ({@code .nnck}), big-endian; a float array is an int count followed by the floats:
 *
 * <pre>
 * bytes[4]  magic "NNCK"
 * int       format version (2; 1 lacked the training accuracy)
 * long      model fingerprint
 * UTF       model name, then model signature   (DataOutputStream.writeUTF)
 * int       epochs completed
 * floats    parameters, then state
 * UTF       optimizer kind;  double learning rate;  long step count
 * int       buffer count, then per buffer: UTF name, floats
 * byte      1 if a schedule follows: UTF kind, int value count, per value: UTF name, double
 * byte      1 if early stopping follows: double best, int best epoch, int wait, int stopped epoch,
 *           floats best parameters, floats best state
 * int       epochs in the history, then per epoch: int epoch, float train loss, float penalty,
 *           float train accuracy, float validation loss, float validation accuracy, double learning rate, double seconds
 * long      CRC-32 of every preceding byte
 * </pre>
 *
 * <p>{@link #save} replaces the file atomically (temporary file, fsync, rename), so an interruption
 * leaves the previous epoch's checkpoint intact.
 *
 * @param modelName the model's name
 * @param signature the model's {@link Network#signature()}
 * @param fingerprint the model's {@link Network#fingerprint()}, which decides compatibility
 * @param epoch the number of epochs completed; training resumes with the next one
 * @param parameters the parameters after that epoch
 * @param state the network's {@link Network#state()} after that epoch
 * @param optimizer the optimizer's progress
 * @param schedule the learning-rate schedule's progress, or null without a schedule
 * @param earlyStopping early stopping's progress, or null without early stopping
 * @param history the results of the epochs so far
 */
public record Checkpoint(String modelName, String signature, long fingerprint, int epoch,
    float[] parameters, float[] state, OptimizerState optimizer, ScheduleState schedule,
    EarlyStoppingState earlyStopping, List<EpochResult> history) {

  /** The format version this code writes and reads. */
  public static final int VERSION = 2;

  static final byte[] MAGIC = {'N', 'N', 'C', 'K'};

  /** @throws IllegalArgumentException for a negative epoch count */
  public Checkpoint {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(optimizer, "optimizer");
    history = List.copyOf(history);
    if (epoch < 0) {
      throw new IllegalArgumentException("negative epoch count " + epoch);
    }
  }

  /**
   * Writes {@code checkpoint} to {@code file} atomically, creating missing parent directories.
   *
   * @throws CheckpointException if it cannot be written; an existing file is then unchanged
   */
  public static void save(Path file, Checkpoint checkpoint) {
    try {
      AtomicFile.write(file, stream -> CheckpointWriter.write(checkpoint, stream));
    } catch (IOException e) {
      throw new CheckpointException(file.toString(),
          "cannot write checkpoint: " + WeightsFile.reason(e), e);
    }
  }

  /**
   * Reads and validates a checkpoint.
   *
   * @param displayName how error messages name the file
   * @throws CheckpointException if the file is missing or unreadable, is not a checkpoint, has another
   *     version, is truncated, or fails its checksum
   */
  public static Checkpoint load(Path file, String displayName) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new CheckpointException(displayName, "cannot read checkpoint: it is a directory");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CheckpointException(displayName, "cannot read checkpoint: " + WeightsFile.reason(e));
    }
    return new CheckpointParser(bytes, displayName).parse();
  }

  /**
   * Fails unless {@link #save} may write {@code file}: it must not be a directory, and an existing file
   * must be an nnc checkpoint, so a mistyped path never replaces a model, its data or anything else.
   *
   * @throws CheckpointException naming the file and the reason
   */
  public static void checkReplaceable(Path file) {
    String displayName = file.toString();
    if (Files.isDirectory(file)) {
      throw new CheckpointException(displayName, "cannot write checkpoint: it is a directory");
    }
    if (!Files.isRegularFile(file)) {
      return;
    }
    byte[] head = new byte[MAGIC.length];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new CheckpointException(displayName, "cannot read the existing file: " + WeightsFile.reason(e));
    }
    if (read > 0 && !Arrays.equals(head, MAGIC)) {
      throw new CheckpointException(displayName,
          "refusing to overwrite a file that is not an nnc checkpoint; choose another checkpoint path");
    }
  }

  /**
   * Checks that this checkpoint was written for {@code net}: the same fingerprint and the same numbers
   * of parameters and state values, in the checkpoint and in its copies.
   *
   * @throws CheckpointException naming both models' signatures if they differ
   */
  public void checkCompatible(Network net, String displayName) {
    if (fingerprint != net.fingerprint()) {
      throw new CheckpointException(displayName, "the checkpoint was written for model '" + modelName
          + "' (" + signature + ") but this model is '" + net.modelName() + "' (" + net.signature() + ")");
    }
    int parameterCount = net.parameters().length;
    int stateCount = net.state().length;
    boolean fits = parameters.length == parameterCount && state.length == stateCount;
    for (float[] buffer : optimizer.buffers().values()) {
      fits &= buffer.length == parameterCount;
    }
    if (earlyStopping != null && earlyStopping.bestParameters().length > 0) {
      fits &= earlyStopping.bestParameters().length == parameterCount
          && earlyStopping.bestState().length == stateCount;
    }
    if (!fits) {
      throw new CheckpointException(displayName, "the checkpoint holds " + parameters.length
          + " parameters and " + state.length + " state values but model '" + net.modelName() + "' has "
          + parameterCount + " and " + stateCount);
    }
  }

  /** Equal when every field is, comparing float arrays bit for bit. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Checkpoint that
        && modelName.equals(that.modelName)
        && signature.equals(that.signature)
        && fingerprint == that.fingerprint
        && epoch == that.epoch
        && Arrays.equals(parameters, that.parameters)
        && Arrays.equals(state, that.state)
        && optimizer.equals(that.optimizer)
        && Objects.equals(schedule, that.schedule)
        && Objects.equals(earlyStopping, that.earlyStopping)
        && history.equals(that.history);
  }

  @Override
  public int hashCode() {
    return Objects.hash(modelName, signature, fingerprint, epoch, Arrays.hashCode(parameters),
        Arrays.hashCode(state), optimizer, schedule, earlyStopping, history);
  }

  @Override
  public String toString() {
    return "Checkpoint[model=" + modelName + ", epoch=" + epoch + ", parameters=" + parameters.length
        + ", state=" + state.length + ", optimizer=" + optimizer + ", schedule=" + schedule
        + ", earlyStopping=" + earlyStopping + ", history=" + history.size() + " epochs]";
  }
}
