package dev.nnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdamWTest {

  private static final float[][] GRADS = {{0.1f, -0.2f, 0.3f}, {-0.05f, 0.4f, 0f}, {0.2f, 0.1f, -0.1f}};

  @Test
  void firstStepDecaysTheParameterThenTakesTheAdamStep() {
    // p = 1 * (1 - 0.1 * 0.1) = 0.99; m_hat = g, v_hat = g^2, so the Adam step is lr * g / (|g| + eps)
    float[] params = {1f};
    new AdamW(0.1, 0.9, 0.999, 1e-8, 0.1).step(params, new float[] {0.5f});
    assertEquals(0.99 - 0.1 * 0.5 / (0.5 + 1e-8), params[0], 1e-6);
  }

  @Test
  void threeStepsMatchTorchOptimAdamW() {
    double lr = 0.01;
    double beta1 = 0.9;
    double beta2 = 0.99;
    double eps = 1e-8;
    double weightDecay = 0.05;
    float[] params = {1f, -0.5f, 0.2f};
    double[] expected = {1, -0.5, 0.2};
    double[] m = new double[3];
    double[] v = new double[3];
    AdamW adamW = new AdamW(lr, beta1, beta2, eps, weightDecay);
    for (int t = 1; t <= GRADS.length; t++) {
      adamW.step(params, GRADS[t - 1]);
      for (int i = 0; i < 3; i++) {
        double g = GRADS[t - 1][i]; // the decay never enters the moments
        expected[i] *= 1 - lr * weightDecay;
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        double mHat = m[i] / (1 - Math.pow(beta1, t));
        double vHat = v[i] / (1 - Math.pow(beta2, t));
        expected[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
      assertArrayEquals(SgdTest.toFloat(expected), params, 2e-6f, "step " + t);
    }
  }

  @Test
  void decoupledDecayDiffersFromAdamsL2Decay() {
    float[] decoupled = {1f};
    float[] coupled = {1f};
    new AdamW(0.01, 0.9, 0.999, 1e-8, 0.1).step(decoupled, new float[] {0.5f});
    new Adam(0.01, 0.9, 0.999, 1e-8, 0.1).step(coupled, new float[] {0.5f});
    // Adam's first step is lr * sign(g + wd * p) whatever the decay; AdamW's also shrinks p by lr * wd
    assertEquals(0.99f, coupled[0], 1e-6f);
    assertEquals(0.999f - 0.01f, decoupled[0], 1e-6f);
    assertNotEquals(coupled[0], decoupled[0]);
  }

  @Test
  void withoutDecayItIsAdam() {
    float[] a = {1f, -0.5f, 0.2f};
    float[] b = a.clone();
    AdamW adamW = new AdamW(0.01, 0.9, 0.999, 1e-8, 0);
    Adam adam = new Adam(0.01, 0.9, 0.999, 1e-8, 0);
    for (float[] g : GRADS) {
      adamW.step(a, g);
      adam.step(b, g);
    }
    assertArrayEquals(b, a, 0f);
  }

  @Test
  void defaultsAreTorchDefaults() {
    assertEquals("AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)",
        new AdamW().describe());
    float[] params = {2f};
    new AdamW().step(params, new float[] {3f});
    assertEquals(2 * (1 - 1e-3 * 1e-2) - 1e-3, params[0], 1e-6);
  }

  @Test
  void refusesInvalidSettings() {
    assertThrows(IllegalArgumentException.class, () -> new AdamW(0));
    assertThrows(IllegalArgumentException.class, () -> new AdamW(0.1, 0.9, 1.0, 1e-8, 0));
    assertThrows(IllegalArgumentException.class, () -> new AdamW(0.1, 0.9, 0.999, 1e-8, -0.01));
  }
}
