package dev.nnc.runtime.train;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A per-epoch quantity that early stopping and {@code ReduceLROnPlateau} watch, named as in Keras's
 * training logs.
 */
public enum Monitor {
  /** The epoch's mean training loss (the data loss, without the regularization penalty). */
  LOSS("loss", Mode.MIN),
  /** The loss over the validation set, in evaluation mode. */
  VAL_LOSS("val_loss", Mode.MIN),
  /** The accuracy over the validation set; classification losses only. */
  VAL_ACCURACY("val_accuracy", Mode.MAX);

  private final String key;
  private final Mode naturalMode;

  Monitor(String key, Mode naturalMode) {
    this.key = key;
    this.naturalMode = naturalMode;
  }

  /** The name as in Keras's logs: {@code loss}, {@code val_loss} or {@code val_accuracy}. */
  public String key() {
    return key;
  }

  /** The mode Keras's {@code mode='auto'} picks: max for accuracies, min for losses. */
  public Mode naturalMode() {
    return naturalMode;
  }

  /** Whether the quantity needs a validation set. */
  public boolean needsValidation() {
    return this != LOSS;
  }

  /** The quantity in an epoch's result (NaN where the epoch has none). */
  public double valueIn(EpochResult result) {
    return switch (this) {
      case LOSS -> result.trainLoss();
      case VAL_LOSS -> result.validationLoss();
      case VAL_ACCURACY -> result.validationAccuracy();
    };
  }

  /**
   * The monitor of that {@link #key()}.
   *
   * @throws IllegalArgumentException naming the keys there are
   */
  public static Monitor fromKey(String key) {
    for (Monitor monitor : values()) {
      if (monitor.key.equals(key)) {
        return monitor;
      }
    }
    throw new IllegalArgumentException("unknown monitored quantity '" + key + "'; expected one of "
        + Arrays.stream(values()).map(Monitor::key).collect(Collectors.joining(", ")));
  }
}
