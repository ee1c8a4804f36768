package dev.nnc.runtime.optim;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW} (Loshchilov and Hutter): the decay
 * shrinks the parameters directly instead of entering the gradient, so the moments see only the
 * loss's gradient.
 *
 * <pre>
 * p = p * (1 - lr * weight_decay)
 * m = beta1 * m + (1 - beta1) * grad
 * v = beta2 * v + (1 - beta2) * grad^2
 * p = p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 *
 * <p>The arithmetic follows PyTorch's single-tensor CPU code, as {@link Adam} does.
 */
public final class AdamW extends AdamFamily {

  /** AdamW with PyTorch's defaults: lr 0.001, betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
  public AdamW() {
    this(1e-3);
  }

  /** AdamW with PyTorch's defaults except the learning rate. */
  public AdamW(double lr) {
    this(lr, 0.9, 0.999, 1e-8, 1e-2);
  }

  /** @throws IllegalArgumentException for settings PyTorch would also refuse */
  public AdamW(double lr, double beta1, double beta2, double eps, double weightDecay) {
    super(new AdamMoments("AdamW", lr, beta1, beta2, eps, weightDecay, true));
  }
}
