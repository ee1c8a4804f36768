package dev.nnc.runtime.train.schedule;

import dev.nnc.runtime.train.EpochResult;
import dev.nnc.runtime.train.Mode;
import dev.nnc.runtime.train.Monitor;
import java.util.Map;
import java.util.Optional;

/**
 * Cuts the learning rate by {@code factor} when a monitored quantity stops improving, as
 * {@code torch.optim.lr_scheduler.ReduceLROnPlateau}, stepped with the monitored value after each
 * epoch:
 *
 * <ul>
 *   <li>a value is better than the best so far when below {@code best * (1 - threshold)} (mode min,
 *       relative threshold), above {@code best * (1 + threshold)} (max, relative), or beyond
 *       {@code best -/+ threshold} (absolute);
 *   <li>after more than {@code patience} epochs without improvement the rate becomes
 *       {@code max(lr * factor, minLr)} (unless that changes it by no more than 1e-8), and the next
 *       {@code cooldown} epochs count no bad epochs.
 * </ul>
 */
public final class ReduceLROnPlateau implements LearningRateSchedule {

  /** How {@code threshold} measures a significant improvement. */
  public enum ThresholdMode {
    /** Relative to the best value: PyTorch's default {@code 'rel'}. */
    REL,
    /** An absolute margin: {@code 'abs'}. */
    ABS
  }

  private static final String KIND = "ReduceLROnPlateau";
  /** PyTorch's {@code eps}: smaller reductions are ignored. */
  private static final double EPS = 1e-8;

  private final Monitor monitor;
  private final Mode mode;
  private final double factor;
  private final int patience;
  private final double threshold;
  private final ThresholdMode thresholdMode;
  private final int cooldown;
  private final double minLr;
  private double best;
  private int badEpochs;
  private int cooldownCounter;
  private int lastEpoch;

  /**
   * With PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, minimum
   * rate 0.
   */
  public ReduceLROnPlateau(Monitor monitor, Mode mode) {
    this(monitor, mode, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0);
  }

  /**
   * @throws IllegalArgumentException for a factor outside [0, 1), a negative patience, threshold,
   *     cooldown or minimum rate
   */
  public ReduceLROnPlateau(Monitor monitor, Mode mode, double factor, int patience, double threshold,
      ThresholdMode thresholdMode, int cooldown, double minLr) {
    if (!(factor >= 0 && factor < 1)) {
      throw new IllegalArgumentException("ReduceLROnPlateau factor must be in [0, 1), got " + factor);
    }
    if (patience < 0 || cooldown < 0) {
      throw new IllegalArgumentException(
          "ReduceLROnPlateau patience and cooldown must not be negative, got " + patience + " and "
              + cooldown);
    }
    Schedules.requireFactor("ReduceLROnPlateau threshold", threshold);
    Schedules.requireFactor("ReduceLROnPlateau min_lr", minLr);
    this.monitor = monitor;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLr = minLr;
    reset();
  }

  private void reset() {
    best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    badEpochs = 0;
    cooldownCounter = 0;
    lastEpoch = 0;
  }

  @Override
  public double start(double baseLearningRate) {
    reset();
    return baseLearningRate;
  }

  @Override
  public double step(double learningRate, EpochResult finished) {
    double current = monitor.valueIn(finished);
    lastEpoch++;
    if (isBetter(current)) {
      best = current;
      badEpochs = 0;
    } else {
      badEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      badEpochs = 0; // bad epochs during the cooldown do not count
    }
    double next = learningRate;
    if (badEpochs > patience) {
      double reduced = Math.max(learningRate * factor, minLr);
      if (learningRate - reduced > EPS) {
        next = reduced;
      }
      cooldownCounter = cooldown;
      badEpochs = 0;
    }
    return next;
  }

  /** PyTorch's {@code is_better}; NaN is never better. */
  private boolean isBetter(double value) {
    return switch (mode) {
      case MIN -> thresholdMode == ThresholdMode.REL
          ? value < best * (1 - threshold)
          : value < best - threshold;
      case MAX -> thresholdMode == ThresholdMode.REL
          ? value > best * (threshold + 1)
          : value > best + threshold;
    };
  }

  @Override
  public Optional<Monitor> monitor() {
    return Optional.of(monitor);
  }

  @Override
  public ScheduleState state() {
    return ScheduleState.of(KIND, Map.of("best", best, "num_bad_epochs", (double) badEpochs,
        "cooldown_counter", (double) cooldownCounter, "last_epoch", (double) lastEpoch));
  }

  @Override
  public void restore(ScheduleState state) {
    double savedBest = state.get(KIND, "best");
    double bad = state.get(KIND, "num_bad_epochs");
    double counter = state.get(KIND, "cooldown_counter");
    double epoch = state.get(KIND, "last_epoch");
    best = savedBest;
    badEpochs = (int) bad;
    cooldownCounter = (int) counter;
    lastEpoch = (int) epoch;
  }

  @Override
  public String describe() {
    return "ReduceLROnPlateau(monitor=" + monitor.key() + ", mode=" + mode.key() + ", factor=" + factor
        + ", patience=" + patience + ", threshold=" + threshold + ", threshold_mode="
        + thresholdMode.name().toLowerCase(java.util.Locale.ROOT) + ", cooldown=" + cooldown
        + ", min_lr=" + minLr + ")";
  }
}
