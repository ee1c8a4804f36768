package dev.nnc.runtime;

/** Mean squared error over all values of the batch, as PyTorch's {@code nn.MSELoss()}. */
final class MeanSquaredError extends ElementwiseLoss {

  @Override
  public String name() {
    return "mse";
  }

  @Override
  double valueLoss(double input, double target) {
    double difference = input - target;
    return difference * difference;
  }

  @Override
  double valueGradient(double input, double target) {
    return 2 * (input - target);
  }
}
