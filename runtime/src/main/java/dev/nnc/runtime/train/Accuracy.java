package dev.nnc.runtime.train;

import dev.nnc.runtime.Network;

/**
 * Counts correct classifications in a chunk of network outputs, for the losses that classify: with
 * {@code bce}, each sigmoid output is class 1 from 0.5 up (Keras's binary accuracy, element by element
 * for several outputs); with {@code cross_entropy}, the class is the largest output (first on ties).
 */
final class Accuracy {

  private Accuracy() {}

  /** Whether the network's loss classifies, so an accuracy means something. */
  static boolean measurable(Network net) {
    String loss = net.loss().name();
    return loss.equals("bce") || loss.equals("cross_entropy");
  }

  /** Decisions per sample: one per output for bce, one per sample for cross-entropy. */
  static int decisionsPerSample(Network net) {
    return net.loss().name().equals("bce") ? net.outputSize() : 1;
  }

  /** Correct decisions among the first {@code rows} samples of {@link Network#output()}. */
  static int correct(Network net, float[] targets, int rows) {
    float[] output = net.output();
    int width = net.outputSize();
    int correct = 0;
    if (net.loss().name().equals("bce")) {
      for (int i = 0; i < rows * width; i++) {
        float predicted = output[i] >= 0.5f ? 1f : 0f;
        correct += predicted == targets[i] ? 1 : 0;
      }
      return correct;
    }
    for (int r = 0; r < rows; r++) {
      int start = r * width;
      int best = 0;
      for (int k = 1; k < width; k++) {
        if (output[start + k] > output[start + best]) {
          best = k;
        }
      }
      correct += best == targets[r] ? 1 : 0;
    }
    return correct;
  }
}
