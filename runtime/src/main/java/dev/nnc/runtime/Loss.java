package dev.nnc.runtime;

/**
 * A loss averaged over the batch, as PyTorch's default {@code reduction='mean'}.
 *
 * <p>{@code input} holds {@code batch * width} values (outputs or logits, see
 * {@link Network#lossInput()}). {@code target} holds {@code batch * targetWidth(width)} values: the same
 * shape as the input for regression and binary losses, one class index per sample for cross-entropy.
 */
public interface Loss {

  /** Short name as written in the {@code .nn} file, e.g. {@code "bce"}. */
  String name();

  /** Values per sample in the target array for a network output of {@code width} values. */
  default int targetWidth(int width) {
    return width;
  }

  /**
   * Returns the mean loss and writes d(mean loss)/d(input) into {@code gradient} (the same layout as
   * {@code input}; the 1/batch factor is included).
   */
  float lossAndGradient(float[] input, float[] target, int batch, int width, float[] gradient);

  /** Returns the mean loss without computing a gradient. */
  float loss(float[] input, float[] target, int batch, int width);
}
