package dev.nnc.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {

  @Test
  void matchesScikitLearnsDocumentedExample() {
    // sklearn docs: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8]
    RegressionMetrics metrics = RegressionMetrics.of(new float[] {2.5f, 0f, 2f, 8f},
        new float[] {3f, -0.5f, 2f, 7f}, 4);
    assertEquals(0.375, metrics.mse(), 1e-12);
    assertEquals(0.5, metrics.mae(), 1e-12);
    assertEquals(1 - 1.5 / 29.1875, metrics.r2(), 1e-12); // 0.948608...
    assertEquals(Math.sqrt(0.375), metrics.rmse(), 1e-12);
    assertEquals(4, metrics.count());
  }

  @Test
  void constantTargetsGiveROneOrZeroLikeForceFinite() {
    assertEquals(1.0, RegressionMetrics.of(new float[] {2, 2}, new float[] {2, 2}, 2).r2());
    assertEquals(0.0, RegressionMetrics.of(new float[] {2, 3}, new float[] {2, 2}, 2).r2());
  }

  @Test
  void comparesOnlyTheFirstCountValues() {
    RegressionMetrics metrics = RegressionMetrics.of(new float[] {1, 2, 99}, new float[] {1, 4, 0}, 2);
    assertEquals(2.0, metrics.mse(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> RegressionMetrics.of(new float[1], new float[1], 0));
    assertThrows(IllegalArgumentException.class, () -> RegressionMetrics.of(new float[1], new float[2], 2));
  }
}
