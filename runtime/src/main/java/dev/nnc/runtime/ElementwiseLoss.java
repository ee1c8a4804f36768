package dev.nnc.runtime;

/**
 * A loss that is the mean over all {@code batch * width} values of a per-value loss: MSE, MAE, Huber
 * and the binary cross-entropies. Subclasses give the per-value loss and its derivative; the mean, its
 * 1/count factor and the loops live here once. Sums run in double: they add up a whole batch.
 */
abstract class ElementwiseLoss implements Loss {

  /** The loss of one value. */
  abstract double valueLoss(double input, double target);

  /** d(valueLoss)/d(input). */
  abstract double valueGradient(double input, double target);

  @Override
  public final float lossAndGradient(float[] input, float[] target, int batch, int width, float[] gradient) {
    int count = batch * width;
    double scale = 1.0 / count;
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += valueLoss(input[i], target[i]);
      gradient[i] = (float) (valueGradient(input[i], target[i]) * scale);
    }
    return (float) (sum / count);
  }

  @Override
  public final float loss(float[] input, float[] target, int batch, int width) {
    int count = batch * width;
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += valueLoss(input[i], target[i]);
    }
    return (float) (sum / count);
  }
}
