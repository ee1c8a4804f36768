package dev.nnc.runtime.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Every epoch of a training run, in order, and how the run ended. A run resumed from a checkpoint
 * includes the epochs before the checkpoint.
 */
public final class TrainingHistory {

  private final List<EpochResult> results = new ArrayList<>();
  private int stoppedEpoch;
  private int restoredEpoch;

  TrainingHistory() {}

  /** A history continuing from the epochs a checkpoint recorded. */
  TrainingHistory(List<EpochResult> earlier) {
    results.addAll(earlier);
  }

  void record(EpochResult result) {
    results.add(result);
  }

  void stoppedEarlyAfter(int epoch) {
    stoppedEpoch = epoch;
  }

  void restoredWeightsOf(int epoch) {
    restoredEpoch = epoch;
  }

  /** Number of epochs completed. */
  public int epochs() {
    return results.size();
  }

  /** The results of all epochs, first epoch first (an unmodifiable copy). */
  public List<EpochResult> results() {
    return List.copyOf(results);
  }

  /** The result of an epoch, counted from 1. */
  public EpochResult result(int epoch) {
    if (epoch < 1 || epoch > results.size()) {
      throw new IndexOutOfBoundsException("epoch " + epoch + " of " + results.size());
    }
    return results.get(epoch - 1);
  }

  /** The mean training loss of an epoch, counted from 1. */
  public float loss(int epoch) {
    return result(epoch).trainLoss();
  }

  /** All epochs' mean training losses, first epoch first. */
  public float[] losses() {
    float[] losses = new float[results.size()];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = results.get(i).trainLoss();
    }
    return losses;
  }

  /** All epochs' validation losses, first epoch first; NaN without a validation set. */
  public float[] validationLosses() {
    float[] losses = new float[results.size()];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = results.get(i).validationLoss();
    }
    return losses;
  }

  /** The last epoch's mean training loss, NaN if no epoch ran. */
  public float finalLoss() {
    return results.isEmpty() ? Float.NaN : results.get(results.size() - 1).trainLoss();
  }

  /** The epoch after which early stopping ended training, or 0 if it ran all its epochs. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /**
   * The epoch whose weights early stopping restored at the end (Keras's {@code restore_best_weights}),
   * or 0 if the network holds the last epoch's weights.
   */
  public int restoredEpoch() {
    return restoredEpoch;
  }
}
