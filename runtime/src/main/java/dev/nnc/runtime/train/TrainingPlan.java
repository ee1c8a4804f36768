package dev.nnc.runtime.train;

import java.util.List;

/**
 * What a training run is about to do, told to its {@link TrainingListener} before the first epoch.
 *
 * @param firstEpoch the first epoch to run, counted from 1; above 1 when resuming from a checkpoint
 * @param epochs the last epoch
 * @param samplesPerEpoch training samples per epoch
 * @param batchesPerEpoch batches per epoch
 * @param validation whether each epoch ends with a validation pass
 * @param accuracy whether that pass measures an accuracy (classification losses)
 * @param earlier the results of the epochs before {@code firstEpoch}, from the checkpoint a resumed
 *     run continues; empty for a fresh run
 */
public record TrainingPlan(int firstEpoch, int epochs, int samplesPerEpoch, int batchesPerEpoch,
    boolean validation, boolean accuracy, List<EpochResult> earlier) {

  public TrainingPlan {
    earlier = List.copyOf(earlier);
  }

  /** A fresh run's plan: no earlier epochs. */
  public TrainingPlan(int firstEpoch, int epochs, int samplesPerEpoch, int batchesPerEpoch,
      boolean validation, boolean accuracy) {
    this(firstEpoch, epochs, samplesPerEpoch, batchesPerEpoch, validation, accuracy, List.of());
  }
}
