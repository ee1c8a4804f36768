package dev.nnc.runtime;

/**
 * Binary cross-entropy on logits, as PyTorch's {@code nn.BCEWithLogitsLoss()}.
 *
 * <p>Uses max(z, 0) - z*y + log1p(exp(-|z|)), which never overflows, instead of composing a sigmoid
 * with a log (which gives log(0) = -inf for large |z|).
 */
final class BinaryCrossEntropyWithLogits extends ElementwiseLoss {

  @Override
  public String name() {
    return "bce";
  }

  @Override
  double valueLoss(double z, double y) {
    return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** The fused form's simple gradient: sigmoid(z) - y. */
  @Override
  double valueGradient(double z, double y) {
    return sigmoid(z) - y;
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
