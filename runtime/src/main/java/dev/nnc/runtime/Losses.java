package dev.nnc.runtime;

/**
 * The losses a {@code .nn} file can name, each averaged as PyTorch's {@code reduction='mean'}.
 *
 * <p>The instances are stateless and may be shared between networks and threads.
 */
public final class Losses {

  private static final Loss MEAN_SQUARED_ERROR = new MeanSquaredError();
  private static final Loss BCE_WITH_LOGITS = new BinaryCrossEntropyWithLogits();
  private static final Loss SOFTMAX_CROSS_ENTROPY = new SoftmaxCrossEntropy();
  private static final Loss BINARY_CROSS_ENTROPY = new BinaryCrossEntropy();

  private Losses() {}

  /** {@code "mse"}: mean of (x - y)^2 over all batch * width values, as {@code nn.MSELoss}. */
  public static Loss meanSquaredError() {
    return MEAN_SQUARED_ERROR;
  }

  /** Mean absolute error, as {@code nn.L1Loss()}. */
  public static Loss meanAbsoluteError() {
    return new MeanAbsoluteError();
  }

  /** Huber loss, as {@code nn.HuberLoss(delta)}. */
  public static Loss huber(float delta) {
    return new HuberLoss(delta);
  }

  /**
   * {@code "bce"} fused with a sigmoid output: reads logits, as {@code nn.BCEWithLogitsLoss}. Stable for
   * logits of any magnitude.
   */
  public static Loss binaryCrossEntropyWithLogits() {
    return BCE_WITH_LOGITS;
  }

  /**
   * {@code "cross_entropy"} fused with a softmax output: reads logits and one class index per sample,
   * as {@code nn.CrossEntropyLoss}.
   */
  public static Loss softmaxCrossEntropy() {
    return SOFTMAX_CROSS_ENTROPY;
  }

  /**
   * {@code "bce"} on probabilities, as {@code nn.BCELoss} (each log clamped to at least -100). Used when
   * the sigmoid cannot be fused into the loss.
   */
  public static Loss binaryCrossEntropy() {
    return BINARY_CROSS_ENTROPY;
  }
}
