package dev.nnc.runtime;

/**
 * Binary cross-entropy on probabilities, as PyTorch's {@code nn.BCELoss()}.
 *
 * <p>Like PyTorch, each log is clamped to at least -100 so a probability of exactly 0 or 1 gives a
 * large but finite loss, and the gradient's denominator p(1-p) is clamped to at least 1e-12.
 */
final class BinaryCrossEntropy extends ElementwiseLoss {

  private static final double LOG_FLOOR = -100.0;
  private static final double GRADIENT_EPSILON = 1e-12;

  @Override
  public String name() {
    return "bce";
  }

  @Override
  double valueLoss(double p, double y) {
    double logP = Math.max(Math.log(p), LOG_FLOOR);
    double logNotP = Math.max(Math.log1p(-p), LOG_FLOOR);
    return -(y * logP + (1 - y) * logNotP);
  }

  @Override
  double valueGradient(double p, double y) {
    return (p - y) / Math.max((1 - p) * p, GRADIENT_EPSILON);
  }
}
