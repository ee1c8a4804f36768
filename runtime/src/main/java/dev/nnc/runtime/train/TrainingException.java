package dev.nnc.runtime.train;

/** Training cannot go on, typically because the loss diverged to NaN or infinity. */
public final class TrainingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final int batch;

  /**
   * @param epoch the epoch where it happened, counted from 1
   * @param batch the batch where it happened, counted from 1
   */
  public TrainingException(int epoch, int batch, String message) {
    super(message);
    this.epoch = epoch;
    this.batch = batch;
  }

  /** The epoch where training stopped, counted from 1. */
  public int epoch() {
    return epoch;
  }

  /** The batch where training stopped, counted from 1. */
  public int batch() {
    return batch;
  }
}
