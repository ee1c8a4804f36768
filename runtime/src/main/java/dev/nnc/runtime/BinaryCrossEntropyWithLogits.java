package dev.nnc.runtime;

/**
 * Binary cross-entropy on logits, as PyTorch's {@code nn.BCEWithLogitsLoss()}.
 *
 * <p>Uses max(z, 0) - z*y + log1p(exp(-|z|)), which never overflows, instead of composing a sigmoid
 * with a log (which gives log(0) = -inf for large |z|).
 */
final class BinaryCrossEntropyWithLogits implements Loss {

  @Override
  public String name() {
    return "bce";
  }

  @Override
  public float lossAndGradient(float[] input, float[] target, int batch, int width, float[] gradient) {
    int count = batch * width;
    double scale = 1.0 / count;
    double sum = 0;
    for (int i = 0; i < count; i++) {
      double z = input[i];
      double y = target[i];
      sum += elementLoss(z, y);
      gradient[i] = (float) ((sigmoid(z) - y) * scale);
    }
    return (float) (sum / count);
  }

  @Override
  public float loss(float[] input, float[] target, int batch, int width) {
    int count = batch * width;
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += elementLoss(input[i], target[i]);
    }
    return (float) (sum / count);
  }

  private static double elementLoss(double z, double y) {
    return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** A sigmoid that only ever exponentiates non-positive numbers, so it cannot overflow. */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1.0 + e);
  }
}
