package dev.nnc.runtime.metrics;

/** Turns network outputs into predicted class indices. */
public final class Predictions {

  private Predictions() {}

  /**
   * For a single sigmoid output per sample: class 1 where the probability is at least
   * {@code threshold} (usually 0.5), else class 0.
   */
  public static int[] threshold(float[] probabilities, int rows, float threshold) {
    int[] classes = new int[rows];
    for (int i = 0; i < rows; i++) {
      classes[i] = probabilities[i] >= threshold ? 1 : 0;
    }
    return classes;
  }

  /**
   * For {@code width} scores per sample: the index of the largest, the first one on ties (as
   * {@code torch.argmax}).
   */
  public static int[] argmax(float[] scores, int rows, int width) {
    int[] classes = new int[rows];
    for (int r = 0; r < rows; r++) {
      int start = r * width;
      int best = 0;
      for (int k = 1; k < width; k++) {
        if (scores[start + k] > scores[start + best]) {
          best = k;
        }
      }
      classes[r] = best;
    }
    return classes;
  }
}
