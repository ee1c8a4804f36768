package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LossesTest {

  private static final float TOLERANCE = 1e-6f;

  @Test
  void namesAndTargetWidths() {
    assertEquals("mse", Losses.meanSquaredError().name());
    assertEquals("bce", Losses.binaryCrossEntropyWithLogits().name());
    assertEquals("cross_entropy", Losses.softmaxCrossEntropy().name());
    assertEquals("bce", Losses.binaryCrossEntropy().name());
    assertEquals(3, Losses.meanSquaredError().targetWidth(3));
    assertEquals(1, Losses.softmaxCrossEntropy().targetWidth(3));
  }

  @Test
  void meanSquaredErrorAveragesOverBatchAndWidth() {
    float[] input = {1, 2, 3, 4};
    float[] target = {0, 2, 5, 4};
    float[] gradient = new float[4];
    // differences 1, 0, -2, 0: mean square 5/4; gradient 2d/4
    float loss = Losses.meanSquaredError().lossAndGradient(input, target, 2, 2, gradient);
    assertEquals(1.25f, loss, TOLERANCE);
    assertArrayEquals(new float[] {0.5f, 0f, -1f, 0f}, gradient, TOLERANCE);
    assertEquals(loss, Losses.meanSquaredError().loss(input, target, 2, 2));
  }

  @Test
  void bceWithLogitsMatchesTheDefinition() {
    float[] logits = {0, 2};
    float[] target = {1, 0};
    float[] gradient = new float[2];
    float loss = Losses.binaryCrossEntropyWithLogits().lossAndGradient(logits, target, 2, 1, gradient);
    // -log(sigmoid(0)) = ln 2; -log(1 - sigmoid(2)) = 2 + ln(1 + e^-2)
    double expected = (Math.log(2) + 2 + Math.log1p(Math.exp(-2))) / 2;
    assertEquals(expected, loss, 1e-6);
    assertEquals((0.5 - 1) / 2, gradient[0], 1e-7);
    assertEquals(1 / (1 + Math.exp(-2)) / 2, gradient[1], 1e-7);
    assertEquals(loss, Losses.binaryCrossEntropyWithLogits().loss(logits, target, 2, 1));
  }

  @Test
  void bceWithLogitsStaysFiniteForExtremeLogits() {
    float[] logits = {100, -100, 100, -100};
    float[] target = {0, 1, 1, 0};
    float[] gradient = new float[4];
    float loss = Losses.binaryCrossEntropyWithLogits().lossAndGradient(logits, target, 4, 1, gradient);
    // two confidently wrong samples cost 100 each, two confidently right ones about e^-100
    assertEquals(50f, loss, 1e-4f);
    assertArrayEquals(new float[] {0.25f, -0.25f, 0f, 0f}, gradient, 1e-7f);
    for (float g : gradient) {
      assertTrue(Float.isFinite(g));
    }
  }

  @Test
  void softmaxCrossEntropyUsesClassIndicesAndIsStable() {
    float[] logits = {1, 2, 3, 1000, 0, -1000};
    float[] target = {2, 1};
    float[] gradient = new float[6];
    float loss = Losses.softmaxCrossEntropy().lossAndGradient(logits, target, 2, 3, gradient);
    double sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
    double first = Math.log(sum) - 3;
    double second = 1000; // log-sum-exp(1000, 0, -1000) - 0, to double precision
    assertEquals((first + second) / 2, loss, 1e-4);
    assertEquals(Math.exp(1) / sum / 2, gradient[0], 1e-7);
    assertEquals(Math.exp(2) / sum / 2, gradient[1], 1e-7);
    assertEquals((Math.exp(3) / sum - 1) / 2, gradient[2], 1e-7);
    assertArrayEquals(new float[] {0.5f, -0.5f, 0f}, new float[] {gradient[3], gradient[4], gradient[5]},
        1e-7f);
    assertEquals(loss, Losses.softmaxCrossEntropy().loss(logits, target, 2, 3));
  }

  @Test
  void softmaxCrossEntropyRejectsTargetsThatAreNotClassIndices() {
    float[] logits = {1, 2, 3};
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> Losses.softmaxCrossEntropy().loss(logits, new float[] {3}, 1, 3));
    assertEquals("cross-entropy target of sample 0 is 3.0, not a class index from 0 to 2",
        error.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Losses.softmaxCrossEntropy().loss(logits, new float[] {0.5f}, 1, 3));
  }

  @Test
  void bceOnProbabilitiesMatchesBceLoss() {
    float[] p = {0.8f, 0.3f};
    float[] y = {1, 0};
    float[] gradient = new float[2];
    float loss = Losses.binaryCrossEntropy().lossAndGradient(p, y, 2, 1, gradient);
    assertEquals((-Math.log(0.8) - Math.log(0.7)) / 2, loss, 1e-6);
    // (p - y) / (p (1 - p)) / n
    assertEquals(-0.2 / 0.16 / 2, gradient[0], 1e-5);
    assertEquals(0.3 / 0.21 / 2, gradient[1], 1e-5);
  }

  @Test
  void bceOnProbabilitiesClampsTheLogAtMinus100() {
    float[] gradient = new float[2];
    float loss = Losses.binaryCrossEntropy().lossAndGradient(new float[] {0, 1}, new float[] {1, 1}, 2, 1,
        gradient);
    assertEquals(50f, loss, 1e-5f); // (100 + 0) / 2
    assertTrue(Float.isFinite(gradient[0]));
    assertEquals(0f, gradient[1]);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    checkGradient(Losses::meanSquaredError, new float[] {0.3f, -1.2f, 2.0f, 0.7f},
        new float[] {0.1f, -1f, 1.5f, 1f}, 2, 2);
    checkGradient(Losses::binaryCrossEntropyWithLogits, new float[] {0.3f, -1.2f, 2.0f, 0.7f},
        new float[] {1, 0, 0, 1}, 4, 1);
    checkGradient(Losses::softmaxCrossEntropy, new float[] {0.3f, -1.2f, 2.0f, 0.7f, 0.1f, -0.4f},
        new float[] {2, 0}, 2, 3);
    checkGradient(Losses::binaryCrossEntropy, new float[] {0.3f, 0.6f, 0.9f, 0.2f},
        new float[] {1, 0, 1, 0}, 4, 1);
  }

  private static void checkGradient(Supplier<Loss> lossFactory, float[] input, float[] target, int batch,
      int width) {
    Loss loss = lossFactory.get();
    float[] gradient = new float[input.length];
    loss.lossAndGradient(input, target, batch, width, gradient);
    float step = 1e-3f;
    for (int i = 0; i < input.length; i++) {
      float[] plus = input.clone();
      float[] minus = input.clone();
      plus[i] += step;
      minus[i] -= step;
      double numeric = (loss.loss(plus, target, batch, width) - loss.loss(minus, target, batch, width))
          / (plus[i] - minus[i]);
      assertEquals(numeric, gradient[i], 2e-3, loss.name() + " gradient " + i);
    }
  }
}
