package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientClippingTest {

  @Test
  void scalesTheTotalNormDownToTheMaximum() {
    // clip_grad_norm_: total norm 5 over both "tensors", coefficient 1 / (5 + 1e-6)
    float[] grads = {3f, 0f, -4f};
    assertEquals(5.0, GradientClipping.clipByNorm(grads, 1.0), 1e-12);
    double coefficient = 1.0 / (5 + 1e-6);
    assertArrayEquals(new float[] {(float) (3 * coefficient), 0f, (float) (-4 * coefficient)}, grads,
        1e-7f);
    assertEquals(1.0, GradientClipping.norm(grads), 1e-6);
  }

  @Test
  void leavesSmallGradientsAlone() {
    float[] grads = {0.3f, -0.4f};
    assertEquals(0.5, GradientClipping.clipByNorm(grads, 1.0), 1e-7);
    assertArrayEquals(new float[] {0.3f, -0.4f}, grads, 0f);
  }

  @Test
  void aNormEqualToTheMaximumIsStillScaledAsPyTorchDoes() {
    // PyTorch clamps max_norm / (norm + 1e-6) to 1 instead of comparing norm with max_norm
    float[] grads = {3f, 4f};
    GradientClipping.clipByNorm(grads, 5.0);
    assertTrue(grads[0] < 3f && grads[1] < 4f);
    assertEquals(3 * 5 / (5 + 1e-6), grads[0], 1e-6);
  }

  @Test
  void aNanNormIsReturnedAndChangesNothing() {
    float[] grads = {Float.NaN, 1f};
    assertTrue(Double.isNaN(GradientClipping.clipByNorm(grads, 1.0)));
    assertEquals(1f, grads[1]);
    assertTrue(Double.isInfinite(GradientClipping.norm(new float[] {Float.POSITIVE_INFINITY})));
  }

  @Test
  void refusesANonPositiveMaximum() {
    assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByNorm(new float[1], 0));
    assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByNorm(new float[1], -1));
  }
}
