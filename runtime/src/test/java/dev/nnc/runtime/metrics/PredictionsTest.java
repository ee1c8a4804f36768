package dev.nnc.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class PredictionsTest {

  @Test
  void thresholdIncludesTheThresholdItself() {
    assertArrayEquals(new int[] {0, 1, 1}, Predictions.threshold(new float[] {0.49f, 0.5f, 0.9f, 1f}, 3, 0.5f));
  }

  @Test
  void argmaxTakesTheFirstOfEqualScores() {
    float[] scores = {0.1f, 0.7f, 0.2f, 0.4f, 0.4f, 0.2f};
    assertArrayEquals(new int[] {1, 0}, Predictions.argmax(scores, 2, 3));
  }
}
