package dev.nnc.runtime.train;

import java.util.Arrays;

/** The mean training loss of every epoch of a training run, in order. */
public final class TrainingHistory {

  private float[] losses = new float[16];
  private int epochs;

  TrainingHistory() {}

  void record(float meanLoss) {
    if (epochs == losses.length) {
      losses = Arrays.copyOf(losses, epochs * 2);
    }
    losses[epochs++] = meanLoss;
  }

  /** Number of epochs completed. */
  public int epochs() {
    return epochs;
  }

  /** The mean training loss of an epoch, counted from 1. */
  public float loss(int epoch) {
    if (epoch < 1 || epoch > epochs) {
      throw new IndexOutOfBoundsException("epoch " + epoch + " of " + epochs);
    }
    return losses[epoch - 1];
  }

  /** All epochs' mean losses, first epoch first (a copy). */
  public float[] losses() {
    return Arrays.copyOf(losses, epochs);
  }

  /** The last epoch's mean loss, NaN if no epoch ran. */
  public float finalLoss() {
    return epochs == 0 ? Float.NaN : losses[epochs - 1];
  }
}
