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
public final class Adam extends AdamFamily {

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
    super(new AdamMoments("Adam", lr, beta1, beta2, eps, weightDecay, false));
  }
}
