package dev.nnc.runtime.train;

/** Whether a monitored quantity improves by falling (a loss) or by rising (an accuracy). */
public enum Mode {
  /** Lower is better, as PyTorch's and Keras's {@code mode='min'}. */
  MIN,
  /** Higher is better, as {@code mode='max'}. */
  MAX;

  /** {@code "min"} or {@code "max"}. */
  public String key() {
    return this == MIN ? "min" : "max";
  }
}
