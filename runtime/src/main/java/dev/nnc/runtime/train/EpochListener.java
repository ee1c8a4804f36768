package dev.nnc.runtime.train;

/** Hears about training progress after every epoch, e.g. to print it. */
@FunctionalInterface
public interface EpochListener {

  /** A listener that does nothing. */
  EpochListener NONE = (epoch, epochs, meanLoss) -> {};

  /**
   * Called after each epoch.
   *
   * @param epoch the epoch just finished, counted from 1
   * @param epochs the number of epochs in this training run
   * @param meanLoss the sample-weighted mean training loss over the epoch's batches
   */
  void onEpoch(int epoch, int epochs, float meanLoss);
}
