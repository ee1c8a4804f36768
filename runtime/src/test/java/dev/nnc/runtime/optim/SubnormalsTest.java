package dev.nnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SubnormalsTest {

  private static boolean subnormal(float x) {
    return x != 0 && Math.abs(x) < Float.MIN_NORMAL;
  }

  @Test
  void negligibleValuesBecomeZeroAndTheRestStayExactly() {
    assertEquals(0f, Subnormals.negligibleToZero(Float.MIN_VALUE));
    assertEquals(0f, Math.abs(Subnormals.negligibleToZero(-Float.MIN_VALUE)));
    assertEquals(0f, Subnormals.negligibleToZero(Float.MIN_NORMAL));
    assertEquals(0f, Subnormals.negligibleToZero(Subnormals.NEGLIGIBLE));
    float justAbove = Math.nextUp(Subnormals.NEGLIGIBLE);
    assertEquals(justAbove, Subnormals.negligibleToZero(justAbove));
    assertEquals(-justAbove, Subnormals.negligibleToZero(-justAbove));
    for (float x : new float[] {1e-29f, -3e-12f, 0.1f, -7f, 1e30f, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      assertEquals(x, Subnormals.negligibleToZero(x), "value " + x);
    }
    assertTrue(Float.isNaN(Subnormals.negligibleToZero(Float.NaN)));
  }

  @Test
  void subnormalValuesBecomeZeroAndNormalOnesStayExactly() {
    float largestSubnormal = Math.nextDown(Float.MIN_NORMAL);
    for (float x : new float[] {Float.MIN_VALUE, 3 * Float.MIN_VALUE, largestSubnormal / 2, largestSubnormal}) {
      assertEquals(0f, Subnormals.subnormalToZero(x), "subnormal " + x);
    }
    for (float x : new float[] {0f, Float.MIN_NORMAL, Math.nextUp(Float.MIN_NORMAL), 1e-30f, 1e-8f, 1f, 3e31f,
        Float.MAX_VALUE, Float.POSITIVE_INFINITY}) {
      assertEquals(x, Subnormals.subnormalToZero(x), "value " + x);
    }
    assertTrue(Float.isNaN(Subnormals.subnormalToZero(Float.NaN)));
  }

  @Test
  void optimizerBuffersNeverHoldSubnormalsOnceGradientsStop() {
    // Real gradients for 200 steps, then zero: every buffer decays geometrically towards zero. Without the
    // flush, Adam's first moment and SGD's momentum stop a few units of 2^-149 above zero for good.
    List<Supplier<Optimizer>> optimizers = List.of(
        () -> new Adam(1e-3), () -> new AdamW(1e-3, 0.9, 0.999, 1e-8, 0.01),
        () -> new Sgd(0.01, 0.9, 0, 0, false), () -> new Sgd(0.01, 0.9, 0, 0, true));
    for (Supplier<Optimizer> make : optimizers) {
      Optimizer optimizer = make.get();
      Random random = new Random(7);
      float[] params = new float[64];
      float[] grads = new float[64];
      for (int i = 0; i < params.length; i++) {
        params[i] = (float) random.nextGaussian();
      }
      int subnormalSteps = 0;
      for (int step = 0; step < 3000; step++) {
        for (int i = 0; i < grads.length; i++) {
          // a few gradients as small as 1e-30 and as large as 1e3 before they stop
          grads[i] = step < 200 ? (float) (random.nextGaussian() * Math.pow(10, i % 34 - 30)) : 0f;
        }
        optimizer.step(params, grads);
        for (float[] buffer : optimizer.state().buffers().values()) {
          for (float x : buffer) {
            if (subnormal(x)) {
              subnormalSteps++;
            }
          }
        }
      }
      assertEquals(0, subnormalSteps, optimizer.describe() + ": subnormal buffer values, summed over the steps");
      // 2800 steps of decay take every average of gradients (not of their squares) to zero
      optimizer.state().buffers().forEach((name, buffer) -> {
        if (!name.endsWith("_sq")) {
          for (float x : buffer) {
            assertEquals(0f, Math.abs(x), optimizer.describe() + " " + name);
          }
        }
      });
    }
  }

  @Test
  void theFlushMovesNoParameterOfAdam() {
    // The same updates in float without the flush, as PyTorch computes them: the parameters agree to the
    // bit while the first moments decay through the negligible range and beyond.
    float[] params = {0.3f, -0.02f, 1.5f, -4e-3f};
    float[] expected = params.clone();
    float[] m = new float[4];
    float[] v = new float[4];
    Adam adam = new Adam(1e-3);
    for (int t = 1; t <= 1500; t++) {
      float[] grads = t <= 20 ? new float[] {0.5f, -1e-3f, 2e-6f, 1e-20f} : new float[4];
      adam.step(params, grads);
      double biasCorrection1 = 1 - Math.pow(0.9, t);
      double biasCorrection2 = 1 - Math.pow(0.999, t);
      float negativeStepSize = (float) -(1e-3 / biasCorrection1);
      float biasCorrection2Sqrt = (float) Math.sqrt(biasCorrection2);
      for (int i = 0; i < 4; i++) {
        m[i] = m[i] + 0.1f * (grads[i] - m[i]);
        v[i] = v[i] * 0.999f + (float) (1 - 0.999) * grads[i] * grads[i];
        float denominator = (float) Math.sqrt(v[i]) / biasCorrection2Sqrt + 1e-8f;
        expected[i] = expected[i] + negativeStepSize * m[i] / denominator;
      }
      assertArrayEquals(expected, params, "step " + t);
    }
    assertTrue(subnormal(m[0]) || subnormal(m[1]) || subnormal(m[2]), "the unflushed moments went subnormal");
  }
}
