package dev.nnc.runtime.train;

/** Gradient clipping as {@code torch.nn.utils.clip_grad_norm_} with the 2-norm. */
public final class GradientClipping {

  /** What PyTorch adds to the norm before dividing, so a zero norm cannot divide by zero. */
  private static final double EPSILON = 1e-6;

  private GradientClipping() {}

  /**
   * The sum of squares is taken over chunks of this many gradients, each summed on its own and the
   * chunk sums then added in order: {@link GradientNorm} sums the chunks on several threads and gets
   * the same bits.
   */
  static final int CHUNK = 8192;

  /** The L2 norm of all gradients together, summed in double; NaN or infinite if any gradient is. */
  public static double norm(float[] gradients) {
    int chunks = chunks(gradients.length);
    double sum = 0;
    for (int chunk = 0; chunk < chunks; chunk++) {
      sum += chunkSum(gradients, chunk);
    }
    return Math.sqrt(sum);
  }

  /** How many chunks {@code length} gradients make. */
  static int chunks(int length) {
    return (length + CHUNK - 1) / CHUNK;
  }

  /** The sum of squares of chunk {@code chunk}: {@link #sumOfSquares} over its range. */
  static double chunkSum(float[] g, int chunk) {
    return chunkSum(g, chunk, GradientClipping::sumOfSquares);
  }

  /** The sum of squares of chunk {@code chunk}, taken by {@code sum}. */
  static double chunkSum(float[] g, int chunk, GradientNorm.SumOfSquares sum) {
    int from = chunk * CHUNK;
    return sum.of(g, from, Math.min(g.length, from + CHUNK));
  }

  /**
   * The sum of squares of {@code g[from..to)} in double, as eight interleaved chains added pairwise at the
   * end: one chain waits out each addition's latency in turn, and took 195 us a step over W3's 235k
   * gradients (eight: 65 us). NaN if any value is NaN, else infinite if any is infinite.
   */
  public static double sumOfSquares(float[] g, int from, int to) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    int i = from;
    for (; i <= to - 8; i += 8) {
      s0 += (double) g[i] * g[i];
      s1 += (double) g[i + 1] * g[i + 1];
      s2 += (double) g[i + 2] * g[i + 2];
      s3 += (double) g[i + 3] * g[i + 3];
      s4 += (double) g[i + 4] * g[i + 4];
      s5 += (double) g[i + 5] * g[i + 5];
      s6 += (double) g[i + 6] * g[i + 6];
      s7 += (double) g[i + 7] * g[i + 7];
    }
    for (; i < to; i++) {
      s0 += (double) g[i] * g[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
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
    clip(gradients, maxNorm, norm);
    return norm;
  }

  /** {@link #clipByNorm} with the norm already computed. */
  static void clip(float[] gradients, double maxNorm, double norm) {
    double coefficient = maxNorm / (norm + EPSILON);
    if (coefficient < 1 && Double.isFinite(norm)) {
      float scale = (float) coefficient;
      for (int i = 0; i < gradients.length; i++) {
        gradients[i] *= scale;
      }
    }
  }
}
