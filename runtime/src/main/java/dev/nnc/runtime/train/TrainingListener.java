package dev.nnc.runtime.train;

import java.util.List;

/**
 * Hears about a training run as it goes, e.g. to draw progress. Every method has an empty default.
 *
 * <p>{@link #onBatchEnd} is called after every batch, so implementations must be cheap there (throttle
 * any output, as {@link ProgressPrinter} does).
 */
public interface TrainingListener {

  /** A listener that does nothing. */
  TrainingListener NONE = new TrainingListener() {};

  /** Before the first epoch runs (also when resuming, then with a later first epoch). */
  default void onTrainingStart(TrainingPlan plan) {}

  /** Before an epoch's first batch; {@code learningRate} is the rate its steps use. */
  default void onEpochStart(int epoch, double learningRate) {}

  /**
   * After each batch's optimizer step.
   *
   * @param batch the batch just finished within the epoch, counted from 1
   * @param samples the samples done in this epoch so far
   * @param meanLoss the sample-weighted mean loss of the epoch's batches so far
   */
  default void onBatchEnd(int batch, int samples, float meanLoss) {}

  /** After an epoch, its validation pass and its checkpoint. */
  default void onEpochEnd(EpochResult result) {}

  /**
   * When training ends normally (all epochs, or early stopping), after restoring the best weights if
   * early stopping does so. Not called when training fails.
   */
  default void onTrainingEnd(TrainingHistory history) {}

  /** One listener that tells each of {@code listeners}, in order. */
  static TrainingListener all(TrainingListener... listeners) {
    List<TrainingListener> all = List.of(listeners);
    return new TrainingListener() {
      @Override
      public void onTrainingStart(TrainingPlan plan) {
        all.forEach(l -> l.onTrainingStart(plan));
      }

      @Override
      public void onEpochStart(int epoch, double learningRate) {
        all.forEach(l -> l.onEpochStart(epoch, learningRate));
      }

      @Override
      public void onBatchEnd(int batch, int samples, float meanLoss) {
        for (TrainingListener listener : all) {
          listener.onBatchEnd(batch, samples, meanLoss);
        }
      }

      @Override
      public void onEpochEnd(EpochResult result) {
        all.forEach(l -> l.onEpochEnd(result));
      }

      @Override
      public void onTrainingEnd(TrainingHistory history) {
        all.forEach(l -> l.onTrainingEnd(history));
      }
    };
  }

  /** Adapts an {@link EpochListener}, which hears the mean training loss after each epoch. */
  static TrainingListener of(EpochListener listener, int epochs) {
    return new TrainingListener() {
      @Override
      public void onEpochEnd(EpochResult result) {
        listener.onEpoch(result.epoch(), epochs, result.trainLoss());
      }
    };
  }
}
