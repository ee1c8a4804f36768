package dev.nnc.runtime.train.schedule;

import dev.nnc.runtime.train.EpochResult;
import java.util.Map;

/**
 * A schedule whose rate is a function of the base rate and the epoch index, computed from the closed
 * form PyTorch documents (its {@code _get_closed_form_lr}). PyTorch's {@code step()} applies the
 * equivalent recursive form, which agrees to double rounding; the closed form never accumulates
 * rounding and needs only the epoch index to resume.
 */
abstract class ClosedFormSchedule implements LearningRateSchedule {

  private final String kind;
  private double baseLearningRate = Double.NaN;
  private int lastEpoch;

  ClosedFormSchedule(String kind) {
    this.kind = kind;
  }

  /** The rate after {@code epoch} epochs (PyTorch's {@code last_epoch}), from the base rate. */
  abstract double learningRateAt(int epoch, double baseLearningRate);

  @Override
  public final double start(double baseLearningRate) {
    this.baseLearningRate = baseLearningRate;
    lastEpoch = 0;
    return learningRateAt(0, baseLearningRate);
  }

  @Override
  public final double step(double learningRate, EpochResult finished) {
    if (Double.isNaN(baseLearningRate)) {
      throw new IllegalStateException(kind + " was stepped before start");
    }
    lastEpoch++;
    return learningRateAt(lastEpoch, baseLearningRate);
  }

  @Override
  public final ScheduleState state() {
    return ScheduleState.of(kind, Map.of("base_lr", baseLearningRate, "last_epoch", (double) lastEpoch));
  }

  @Override
  public final void restore(ScheduleState state) {
    double base = state.get(kind, "base_lr");
    double epoch = state.get(kind, "last_epoch");
    if (epoch < 0 || epoch != Math.rint(epoch)) {
      throw new IllegalArgumentException("the " + kind + " state's last_epoch is " + epoch);
    }
    baseLearningRate = base;
    lastEpoch = (int) epoch;
  }
}
