package dev.nnc.runtime;

/**
 * Mean absolute error over all values of the batch, as PyTorch's {@code nn.L1Loss()}; the gradient at
 * an exact match is 0, as {@code sign(0)} is in PyTorch.
 */
final class MeanAbsoluteError extends ElementwiseLoss {

  @Override
  public String name() {
    return "mae";
  }

  @Override
  double valueLoss(double input, double target) {
    return Math.abs(input - target);
  }

  @Override
  double valueGradient(double input, double target) {
    return Math.signum(input - target);
  }
}
