package dev.nnc.runtime.train.schedule;

/**
 * Multiplies the learning rate by {@code gamma} every epoch, as
 * {@code torch.optim.lr_scheduler.ExponentialLR}: {@code lr = base_lr * gamma^epoch}.
 */
public final class ExponentialLR extends ClosedFormSchedule {

  private final double gamma;

  /** @throws IllegalArgumentException for a negative or non-finite gamma */
  public ExponentialLR(double gamma) {
    super("ExponentialLR");
    Schedules.requireFactor("ExponentialLR gamma", gamma);
    this.gamma = gamma;
  }

  @Override
  double learningRateAt(int epoch, double baseLearningRate) {
    return baseLearningRate * Math.pow(gamma, epoch);
  }

  @Override
  public String describe() {
    return "ExponentialLR(gamma=" + gamma + ")";
  }
}
