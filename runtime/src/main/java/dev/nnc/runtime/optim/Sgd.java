package dev.nnc.runtime.optim;

/**
 * Stochastic gradient descent with optional momentum, dampening, L2 weight decay and Nesterov
 * momentum, as {@code torch.optim.SGD}:
 *
 * <pre>
 * g = grad + weight_decay * p
 * buf = g on the first step, else momentum * buf + (1 - dampening) * g
 * g = g + momentum * buf if nesterov, else buf        (only when momentum != 0)
 * p = p - lr * g
 * </pre>
 */
public final class Sgd implements Optimizer {

  private final double lr;
  private final double momentum;
  private final double dampening;
  private final double weightDecay;
  private final boolean nesterov;
  private float[] momentumBuffer;

  /** Plain SGD with learning rate {@code lr}. */
  public Sgd(double lr) {
    this(lr, 0, 0, 0, false);
  }

  /**
   * @throws IllegalArgumentException for a non-positive learning rate, negative settings, or Nesterov
   *     without momentum or with dampening (which PyTorch also refuses)
   */
  public Sgd(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
    OptimizerState.requirePositive("SGD learning rate", lr);
    OptimizerState.requireNonNegative("SGD momentum", momentum);
    OptimizerState.requireNonNegative("SGD dampening", dampening);
    OptimizerState.requireNonNegative("SGD weight decay", weightDecay);
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
    }
    this.lr = lr;
    this.momentum = momentum;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
  }

  @Override
  public void step(float[] params, float[] grads) {
    OptimizerState.checkLengths(params, grads, momentumBuffer);
    boolean firstStep = false;
    if (momentum != 0 && momentumBuffer == null) {
      momentumBuffer = new float[params.length];
      firstStep = true;
    }
    float decay = (float) weightDecay;
    float mom = (float) momentum;
    float keep = (float) (1 - dampening);
    float negativeLr = (float) -lr;
    for (int i = 0; i < params.length; i++) {
      float g = grads[i];
      if (weightDecay != 0) {
        g = g + decay * params[i];
      }
      if (momentum != 0) {
        float buf = firstStep ? g : momentumBuffer[i] * mom + keep * g;
        momentumBuffer[i] = buf;
        g = nesterov ? g + mom * buf : buf;
      }
      params[i] = params[i] + negativeLr * g;
    }
  }

  @Override
  public String describe() {
    return "SGD(lr=" + OptimizerState.format(lr) + ", momentum=" + OptimizerState.format(momentum)
        + ", dampening=" + OptimizerState.format(dampening) + ", weight_decay="
        + OptimizerState.format(weightDecay) + ", nesterov=" + (nesterov ? "True" : "False") + ")";
  }
}
