package dev.nnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SgdTest {

  private static final float[][] GRADS = {{0.5f, -0.25f}, {0.1f, 0.3f}, {-0.2f, 0.05f}};

  @Test
  void plainStepFollowsTheGradient() {
    float[] params = {1f, -2f};
    new Sgd(0.1).step(params, new float[] {0.5f, 0.25f});
    assertArrayEquals(new float[] {0.95f, -2.025f}, params, 1e-7f);
  }

  @Test
  void momentumStartsFromTheFirstGradientAndThenDampens() {
    // PyTorch: buf = g on the first step (no dampening), then momentum * buf + (1 - dampening) * g
    float[] params = {1f};
    Sgd sgd = new Sgd(0.1, 0.9, 0.5, 0, false);
    sgd.step(params, new float[] {1f}); // buf 1, p = 1 - 0.1
    assertEquals(0.9f, params[0], 1e-7f);
    sgd.step(params, new float[] {1f}); // buf 0.9 + 0.5 = 1.4, p = 0.9 - 0.14
    assertEquals(0.76f, params[0], 1e-6f);
  }

  @Test
  void momentumWeightDecayAndNesterovMatchTheFormula() {
    for (boolean nesterov : new boolean[] {false, true}) {
      float[] params = {1f, -2f};
      double[] expected = {1, -2};
      double[] buffer = new double[2];
      Sgd sgd = new Sgd(0.05, 0.9, 0, 0.01, nesterov);
      for (int step = 0; step < GRADS.length; step++) {
        sgd.step(params, GRADS[step]);
        for (int i = 0; i < 2; i++) {
          double g = GRADS[step][i] + 0.01 * expected[i];
          buffer[i] = step == 0 ? g : 0.9 * buffer[i] + g;
          double direction = nesterov ? g + 0.9 * buffer[i] : buffer[i];
          expected[i] -= 0.05 * direction;
        }
        assertArrayEquals(toFloat(expected), params, 1e-6f, "nesterov=" + nesterov + " step " + step);
      }
    }
  }

  @Test
  void nesterovMatchesHandComputedValues() {
    // torch.optim.SGD(lr=0.1, momentum=0.9, nesterov=True), gradient 1 twice:
    // step 1: buf = 1, g = 1 + 0.9 * 1 = 1.9, p = 1 - 0.19 = 0.81
    // step 2: buf = 0.9 * 1 + 1 = 1.9, g = 1 + 0.9 * 1.9 = 2.71, p = 0.81 - 0.271 = 0.539
    float[] params = {1f};
    Sgd sgd = new Sgd(0.1, 0.9, 0, 0, true);
    sgd.step(params, new float[] {1f});
    assertEquals(0.81f, params[0], 1e-6f);
    sgd.step(params, new float[] {1f});
    assertEquals(0.539f, params[0], 1e-6f);
  }

  @Test
  void aChangedLearningRateAppliesToTheNextStep() {
    float[] params = {1f};
    Sgd sgd = new Sgd(0.1);
    sgd.step(params, new float[] {1f});
    assertEquals(0.9f, params[0], 1e-7f);
    sgd.setLearningRate(0.01);
    assertEquals(0.01, sgd.learningRate());
    sgd.step(params, new float[] {1f});
    assertEquals(0.89f, params[0], 1e-6f);
    assertEquals("SGD(lr=0.01, momentum=0, dampening=0, weight_decay=0, nesterov=False)", sgd.describe());
    sgd.setLearningRate(0); // a cosine schedule ends at 0
    assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-0.1));
    assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(Double.NaN));
  }

  @Test
  void doesNotChangeTheGradients() {
    float[] grads = {0.5f, -0.25f};
    new Sgd(0.1, 0.9, 0, 0.1, true).step(new float[] {1, 2}, grads);
    assertArrayEquals(new float[] {0.5f, -0.25f}, grads);
  }

  @Test
  void refusesInvalidSettingsAndMismatchedArrays() {
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0));
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, -0.1, 0, 0, false));
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0, 0, 0, true));
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 0.9, 0.1, 0, true));
    Sgd sgd = new Sgd(0.1, 0.9, 0, 0, false);
    assertThrows(IllegalArgumentException.class, () -> sgd.step(new float[2], new float[3]));
    sgd.step(new float[2], new float[2]);
    assertThrows(IllegalStateException.class, () -> sgd.step(new float[3], new float[3]));
  }

  @Test
  void describesItselfInPyTorchTerms() {
    assertEquals("SGD(lr=0.1, momentum=0.9, dampening=0, weight_decay=0.0001, nesterov=True)",
        new Sgd(0.1, 0.9, 0, 1e-4, true).describe());
  }

  static float[] toFloat(double[] values) {
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (float) values[i];
    }
    return result;
  }
}
