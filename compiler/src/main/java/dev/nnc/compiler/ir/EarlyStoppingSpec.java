package dev.nnc.compiler.ir;

import java.util.List;

/**
 * Stop training when {@code monitor} has not improved by {@code minDelta} for {@code patience} epochs,
 * as Keras's {@code EarlyStopping}; with {@code restoreBest} the best epoch's weights are kept.
 *
 * @param monitor {@code val_loss}, {@code val_accuracy} or {@code loss}
 */
public record EarlyStoppingSpec(String monitor, int patience, double minDelta, boolean restoreBest) {

  /** What can be monitored, for suggestions. */
  public static final List<String> MONITORS = List.of("val_loss", "val_accuracy", "loss");

  /** True if larger values are better (accuracy), false for losses. */
  public boolean maximize() {
    return monitor.endsWith("accuracy");
  }
}
