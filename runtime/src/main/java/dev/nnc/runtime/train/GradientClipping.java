package dev.nnc.runtime.train;

/** Gradient clipping as {@code torch.nn.utils.clip_grad_norm_} with the 2-norm. */
public final class GradientClipping {

  /** What PyTorch adds to the norm before dividing, so a zero norm cannot divide by zero. */
  private static final double EPSILON = 1e-6;

  private GradientClipping() {}

  /** The L2 norm of all gradients together, summed in double; NaN or infinite if any gradient is. */
  public static double norm(float[] gradients) {
    double sum = 0;
    for (float g : gradients) {
      sum += (double) g * g;
    }
    return Math.sqrt(sum);
  }

  /**
   * Scales all gradients together so their total L2 norm is at most {@code maxNorm}: by
   * {@code maxNorm / (norm + 1e-6)} when that is below 1, as {@code clip_grad_norm_(params, maxNorm)}
   * (which clamps the coefficient to 1 rather than comparing the norm with maxNorm). A NaN or infinite
   * norm leaves the gradients as they are; callers check the returned norm.
   *
   * @return the norm before clipping, as {@code clip_grad_norm_} returns
   * @throws IllegalArgumentException unless {@code maxNorm} is positive and finite
   */
  public static double clipByNorm(float[] gradients, double maxNorm) {
    if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
      throw new IllegalArgumentException("the gradient clipping norm must be a positive number, got "
          + maxNorm);
    }
    double norm = norm(gradients);
    double coefficient = maxNorm / (norm + EPSILON);
    if (coefficient < 1 && Double.isFinite(norm)) {
      float scale = (float) coefficient;
      for (int i = 0; i < gradients.length; i++) {
        gradients[i] *= scale;
      }
    }
    return norm;
  }
}
