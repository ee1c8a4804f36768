package dev.nnc.runtime.optim;

/**
 * Adam with bias correction and L2 weight decay added to the gradient, as {@code torch.optim.Adam}:
 *
 * <pre>
 * g = grad + weight_decay * p
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * p = p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 *
 * <p>The arithmetic follows PyTorch's single-tensor CPU code: bias corrections in double, element
 * updates in float32 in the same order of operations, so results agree to float rounding.
 */
public final class Adam implements Optimizer {

  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private float[] firstMoment;
  private float[] secondMoment;
  private long stepCount;

  /** Adam with PyTorch's defaults: lr 0.001, betas (0.9, 0.999), eps 1e-8, no weight decay. */
  public Adam() {
    this(1e-3);
  }

  /** Adam with PyTorch's defaults except the learning rate. */
  public Adam(double lr) {
    this(lr, 0.9, 0.999, 1e-8, 0);
  }

  /** @throws IllegalArgumentException for settings PyTorch would also refuse */
  public Adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
    OptimizerState.requirePositive("Adam learning rate", lr);
    OptimizerState.requireFraction("Adam beta1", beta1);
    OptimizerState.requireFraction("Adam beta2", beta2);
    OptimizerState.requireNonNegative("Adam eps", eps);
    OptimizerState.requireNonNegative("Adam weight decay", weightDecay);
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  @Override
  public void step(float[] params, float[] grads) {
    OptimizerState.checkLengths(params, grads, firstMoment);
    if (firstMoment == null) {
      firstMoment = new float[params.length];
      secondMoment = new float[params.length];
    }
    stepCount++;
    double biasCorrection1 = 1 - Math.pow(beta1, stepCount);
    double biasCorrection2 = 1 - Math.pow(beta2, stepCount);
    float negativeStepSize = (float) -(lr / biasCorrection1);
    float biasCorrection2Sqrt = (float) Math.sqrt(biasCorrection2);
    float decay = (float) weightDecay;
    float firstWeight = (float) (1 - beta1);
    float secondDecay = (float) beta2;
    float secondWeight = (float) (1 - beta2);
    float epsilon = (float) eps;
    for (int i = 0; i < params.length; i++) {
      float g = grads[i];
      if (weightDecay != 0) {
        g = g + decay * params[i];
      }
      float m = firstMoment[i] + firstWeight * (g - firstMoment[i]);
      float v = secondMoment[i] * secondDecay + secondWeight * g * g;
      firstMoment[i] = m;
      secondMoment[i] = v;
      float denominator = (float) Math.sqrt(v) / biasCorrection2Sqrt + epsilon;
      params[i] = params[i] + negativeStepSize * m / denominator;
    }
  }

  @Override
  public String describe() {
    return "Adam(lr=" + OptimizerState.format(lr) + ", betas=(" + OptimizerState.format(beta1) + ", "
        + OptimizerState.format(beta2) + "), eps=" + OptimizerState.format(eps) + ", weight_decay="
        + OptimizerState.format(weightDecay) + ")";
  }
}
