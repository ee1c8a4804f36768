package dev.nnc.runtime.train.schedule;

/**
 * Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs, as
 * {@code torch.optim.lr_scheduler.StepLR}: {@code lr = base_lr * gamma^(epoch // step_size)}, epochs
 * counted from 0. With lr 0.05, step size 30 and gamma 0.1: 0.05 for epochs 0-29, 0.005 for 30-59.
 */
public final class StepLR extends ClosedFormSchedule {

  private final int stepSize;
  private final double gamma;

  /** With PyTorch's default gamma 0.1. */
  public StepLR(int stepSize) {
    this(stepSize, 0.1);
  }

  /** @throws IllegalArgumentException for a step size below 1 or a negative or non-finite gamma */
  public StepLR(int stepSize, double gamma) {
    super("StepLR");
    if (stepSize < 1) {
      throw new IllegalArgumentException("StepLR step size must be at least 1, got " + stepSize);
    }
    Schedules.requireFactor("StepLR gamma", gamma);
    this.stepSize = stepSize;
    this.gamma = gamma;
  }

  @Override
  double learningRateAt(int epoch, double baseLearningRate) {
    return baseLearningRate * Math.pow(gamma, epoch / stepSize);
  }

  @Override
  public String describe() {
    return "StepLR(step_size=" + stepSize + ", gamma=" + gamma + ")";
  }
}
