package dev.nnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RmsPropTest {

  private static final float[][] GRADS = {{0.1f, -0.2f}, {-0.05f, 0.4f}, {0.2f, 0.1f}};

  @Test
  void firstStepIsTenTimesTheLearningRateWithDefaultAlpha() {
    // s = 0.01 g^2, so g / sqrt(s) = 10 sign(g)
    float[] params = {1f, -1f};
    new RmsProp(0.01).step(params, GRADS[0]);
    assertArrayEquals(new float[] {0.9f, -0.9f}, params, 1e-5f);
  }

  @Test
  void plainStepsMatchTheFormula() {
    checkAgainstFormula(0.01, 0.99, 1e-8, 0, 0, false);
  }

  @Test
  void centeredMomentumAndWeightDecayMatchTheFormula() {
    checkAgainstFormula(0.01, 0.9, 1e-6, 0.05, 0.8, true);
    checkAgainstFormula(0.02, 0.95, 1e-8, 0, 0.5, false);
  }

  private static void checkAgainstFormula(double lr, double alpha, double eps, double weightDecay,
      double momentum, boolean centered) {
    float[] params = {1f, -1f};
    double[] expected = {1, -1};
    double[] square = new double[2];
    double[] average = new double[2];
    double[] buffer = new double[2];
    RmsProp rmsProp = new RmsProp(lr, alpha, eps, weightDecay, momentum, centered);
    for (int step = 0; step < GRADS.length; step++) {
      rmsProp.step(params, GRADS[step]);
      for (int i = 0; i < 2; i++) {
        double g = GRADS[step][i] + weightDecay * expected[i];
        square[i] = alpha * square[i] + (1 - alpha) * g * g;
        double denominator;
        if (centered) {
          average[i] = alpha * average[i] + (1 - alpha) * g;
          denominator = Math.sqrt(square[i] - average[i] * average[i]) + eps;
        } else {
          denominator = Math.sqrt(square[i]) + eps;
        }
        if (momentum > 0) {
          buffer[i] = momentum * buffer[i] + g / denominator;
          expected[i] -= lr * buffer[i];
        } else {
          expected[i] -= lr * g / denominator;
        }
      }
      assertArrayEquals(SgdTest.toFloat(expected), params, 1e-5f,
          "centered=" + centered + " momentum=" + momentum + " step " + step);
    }
  }

  @Test
  void defaultsAreTorchDefaults() {
    assertEquals("RMSprop(lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False)",
        new RmsProp().describe());
  }

  @Test
  void refusesInvalidSettings() {
    assertThrows(IllegalArgumentException.class, () -> new RmsProp(0));
    assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.01, 1.5, 1e-8, 0, 0, false));
    assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.01, 0.99, 1e-8, 0, -1, false));
  }
}
