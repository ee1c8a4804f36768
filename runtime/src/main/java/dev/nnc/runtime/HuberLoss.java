package dev.nnc.runtime;

/**
 * Huber loss over all values of the batch, as PyTorch's {@code nn.HuberLoss(delta)}: quadratic
 * ({@code 0.5 d^2}) within {@code delta} of the target, linear ({@code delta (|d| - delta / 2)}) beyond.
 */
final class HuberLoss extends ElementwiseLoss {

  private final double delta;

  HuberLoss(float delta) {
    if (!(delta > 0)) {
      throw new IllegalArgumentException("delta must be positive: " + delta);
    }
    this.delta = delta;
  }

  @Override
  public String name() {
    return "huber";
  }

  @Override
  double valueLoss(double input, double target) {
    double d = Math.abs(input - target);
    return d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
  }

  @Override
  double valueGradient(double input, double target) {
    double difference = input - target;
    return Math.abs(difference) < delta ? difference : Math.copySign(delta, difference);
  }
}
