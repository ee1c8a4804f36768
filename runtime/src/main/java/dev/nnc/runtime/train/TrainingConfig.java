package dev.nnc.runtime.train;

import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.optim.Optimizer;
import dev.nnc.runtime.train.schedule.LearningRateSchedule;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link Trainer#fit(dev.nnc.runtime.Network, Dataset, TrainingConfig, TrainingListener)} trains.
 * Start from {@link #of} and add options with the {@code with...} methods:
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.of(30, 64, true, 42, new Adam(1e-3))
 *     .withValidation(validation)
 *     .withSchedule(new CosineAnnealingLR(30))
 *     .withEarlyStopping(new EarlyStopping(Monitor.VAL_LOSS, 5))
 *     .withCheckpoint(Path.of("run.nnck"));
 * }</pre>
 *
 * <p>The optimizer, schedule and early stopping are stateful: give each run fresh ones.
 *
 * @param epochs the last epoch to train, at least 1
 * @param batchSize samples per batch, from 1 to the network's {@code maxBatch()}
 * @param shuffle whether each epoch visits the samples in a new random order
 * @param seed seeds the shuffling and, through {@link BatchSeed}, every batch's dropout
 * @param optimizer updates the parameters
 * @param regularization L1/L2 penalties on the weights, or null for none
 * @param clipNorm the largest total gradient norm, 0 for no clipping
 * @param schedule changes the learning rate after each epoch, or null to keep it
 * @param earlyStopping may end training early, or null to run every epoch
 * @param validation evaluated after every epoch, or null for none
 * @param checkpoint where to write a checkpoint after every epoch, or null for none
 */
public record TrainingConfig(int epochs, int batchSize, boolean shuffle, long seed, Optimizer optimizer,
    Regularization regularization, double clipNorm, LearningRateSchedule schedule,
    EarlyStopping earlyStopping, Dataset validation, Path checkpoint) {

  /** @throws IllegalArgumentException for fewer than 1 epoch, a batch size below 1 or a bad clip norm */
  public TrainingConfig {
    Objects.requireNonNull(optimizer, "optimizer");
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new IllegalArgumentException(
          "the gradient clipping norm must be a positive number (or 0 for none), got " + clipNorm);
    }
  }

  /** Plain mini-batch training without any of the options. */
  public static TrainingConfig of(int epochs, int batchSize, boolean shuffle, long seed,
      Optimizer optimizer) {
    return new TrainingConfig(epochs, batchSize, shuffle, seed, optimizer, null, 0, null, null, null,
        null);
  }

  /** This configuration with another number of epochs. */
  public TrainingConfig withEpochs(int newEpochs) {
    return new TrainingConfig(newEpochs, batchSize, shuffle, seed, optimizer, regularization, clipNorm,
        schedule, earlyStopping, validation, checkpoint);
  }

  /** This configuration with another optimizer, e.g. a fresh one for another run. */
  public TrainingConfig withOptimizer(Optimizer newOptimizer) {
    return new TrainingConfig(epochs, batchSize, shuffle, seed, newOptimizer, regularization, clipNorm,
        schedule, earlyStopping, validation, checkpoint);
  }

  /** This configuration with L1/L2 penalties (null for none). */
  public TrainingConfig withRegularization(Regularization newRegularization) {
    return new TrainingConfig(epochs, batchSize, shuffle, seed, optimizer, newRegularization, clipNorm,
        schedule, earlyStopping, validation, checkpoint);
  }

  /** This configuration with gradient clipping to a total norm (0 for none). */
  public TrainingConfig withClipNorm(double newClipNorm) {
    return new TrainingConfig(epochs, batchSize, shuffle, seed, optimizer, regularization, newClipNorm,
        schedule, earlyStopping, validation, checkpoint);
  }

  /** This configuration with a learning-rate schedule (null for none). */
  public TrainingConfig withSchedule(LearningRateSchedule newSchedule) {
    return new TrainingConfig(epochs, batchSize, shuffle, seed, optimizer, regularization, clipNorm,
        newSchedule, earlyStopping, validation, checkpoint);
  }

  /** This configuration with early stopping (null for none). */
  public TrainingConfig withEarlyStopping(EarlyStopping newEarlyStopping) {
    return new TrainingConfig(epochs, batchSize, shuffle, seed, optimizer, regularization, clipNorm,
        schedule, newEarlyStopping, validation, checkpoint);
  }

  /** This configuration with a validation set (null for none). */
  public TrainingConfig withValidation(Dataset newValidation) {
    return new TrainingConfig(epochs, batchSize, shuffle, seed, optimizer, regularization, clipNorm,
        schedule, earlyStopping, newValidation, checkpoint);
  }

  /** This configuration writing a checkpoint after every epoch (null for none). */
  public TrainingConfig withCheckpoint(Path newCheckpoint) {
    return new TrainingConfig(epochs, batchSize, shuffle, seed, optimizer, regularization, clipNorm,
        schedule, earlyStopping, validation, newCheckpoint);
  }
}
