package dev.nnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OptimizerStateTest {

  private static final float[][] GRADS = {
      {0.1f, -0.2f, 0.3f}, {-0.05f, 0.4f, 0f}, {0.2f, 0.1f, -0.1f}, {0.3f, -0.3f, 0.05f},
      {-0.1f, 0.2f, 0.2f}};

  private static final Map<String, Supplier<Optimizer>> OPTIMIZERS = Map.of(
      "plain SGD", () -> new Sgd(0.1),
      "SGD with Nesterov momentum", () -> new Sgd(0.1, 0.9, 0, 0.01, true),
      "Adam", () -> new Adam(0.01, 0.9, 0.999, 1e-8, 0.01),
      "AdamW", () -> new AdamW(0.01),
      "centered RMSprop with momentum", () -> new RmsProp(0.01, 0.9, 1e-8, 0.01, 0.5, true),
      "RMSprop", () -> new RmsProp(0.01));

  @Test
  void aRestoredOptimizerContinuesBitIdentically() {
    OPTIMIZERS.forEach((name, factory) -> {
      Optimizer straight = factory.get();
      Optimizer interrupted = factory.get();
      float[] a = {1f, -0.5f, 0.2f};
      float[] b = a.clone();
      for (int t = 0; t < 2; t++) {
        straight.step(a, GRADS[t]);
        interrupted.step(b, GRADS[t]);
      }
      interrupted.setLearningRate(0.005);
      straight.setLearningRate(0.005);
      OptimizerState saved = interrupted.state();
      Optimizer resumed = factory.get();
      resumed.restore(saved);
      assertEquals(saved, resumed.state(), name);
      for (int t = 2; t < GRADS.length; t++) {
        straight.step(a, GRADS[t]);
        resumed.step(b, GRADS[t]);
      }
      assertArrayEquals(a, b, 0f, name);
      assertEquals(0.005, resumed.learningRate(), name);
    });
  }

  @Test
  void stateNamesFollowPyTorch() {
    Sgd sgd = new Sgd(0.1, 0.9, 0, 0, false);
    assertEquals(new OptimizerState("SGD", 0.1, 0, new TreeMap<>()), sgd.state());
    sgd.step(new float[] {1f}, new float[] {0.5f});
    OptimizerState sgdState = sgd.state();
    assertEquals(1, sgdState.step());
    assertArrayEquals(new float[] {0.5f}, sgdState.buffer("momentum_buffer")); // first step: buf = g
    Adam adam = new Adam();
    adam.step(new float[] {1f}, new float[] {0.5f});
    assertEquals(List.of("exp_avg", "exp_avg_sq"), List.copyOf(adam.state().buffers().keySet()));
    assertEquals(0.05f, adam.state().buffer("exp_avg")[0], 1e-8f);
    assertEquals(0.00025f, adam.state().buffer("exp_avg_sq")[0], 1e-10f);
    RmsProp rms = new RmsProp(0.01, 0.99, 1e-8, 0, 0.9, true);
    rms.step(new float[] {1f}, new float[] {0.5f});
    assertEquals(List.of("grad_avg", "momentum_buffer", "square_avg"),
        List.copyOf(rms.state().buffers().keySet()));
    assertEquals("RMSprop", rms.state().optimizer());
  }

  @Test
  void aStateIsACopy() {
    Sgd sgd = new Sgd(0.1, 0.9, 0, 0, false);
    float[] params = {1f};
    sgd.step(params, new float[] {0.5f});
    OptimizerState before = sgd.state();
    sgd.step(params, new float[] {0.5f});
    assertArrayEquals(new float[] {0.5f}, before.buffer("momentum_buffer"));
    assertNotEquals(before, sgd.state());
  }

  @Test
  void restoringAnotherOptimizersStateIsRefused() {
    Adam adam = new Adam();
    adam.step(new float[2], new float[] {1f, 1f});
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new AdamW().restore(adam.state()));
    assertEquals("cannot restore the state of a Adam optimizer into AdamW", error.getMessage());
  }

  @Test
  void restoringBuffersThatDoNotFitTheSettingsIsRefused() {
    Sgd withMomentum = new Sgd(0.1, 0.9, 0, 0, false);
    withMomentum.step(new float[2], new float[] {1f, 1f});
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new Sgd(0.1).restore(withMomentum.state()));
    assertEquals("a SGD state after 1 steps with these settings holds the buffers [], not"
        + " [momentum_buffer]", error.getMessage());
    TreeMap<String, float[]> uneven = new TreeMap<>(Map.of("exp_avg", new float[2],
        "exp_avg_sq", new float[3]));
    assertThrows(IllegalArgumentException.class,
        () -> new Adam().restore(new OptimizerState("Adam", 0.1, 4, uneven)));
    assertThrows(IllegalArgumentException.class,
        () -> new Adam().restore(new OptimizerState("Adam", -1, 0, new TreeMap<>())));
  }

  @Test
  void aStateBeforeTheFirstStepRestoresAFreshOptimizer() {
    Sgd fresh = new Sgd(0.1, 0.9, 0.5, 0, false);
    fresh.restore(new OptimizerState("SGD", 0.2, 0, new TreeMap<>()));
    float[] params = {1f};
    fresh.step(params, new float[] {1f}); // first step again: buf = g, no dampening
    assertEquals(0.8f, params[0], 1e-7f);
    assertNull(new Sgd(0.1).state().buffer("momentum_buffer"));
  }

  @Test
  void equalityComparesBuffersBitForBit() {
    OptimizerState a = new OptimizerState("Adam", 0.1, 1,
        new TreeMap<>(Map.of("exp_avg", new float[] {Float.NaN})));
    OptimizerState b = new OptimizerState("Adam", 0.1, 1,
        new TreeMap<>(Map.of("exp_avg", new float[] {Float.NaN})));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertTrue(a.toString().contains("exp_avg[1]"), a.toString());
    assertThrows(IllegalArgumentException.class,
        () -> new OptimizerState("Adam", 0.1, -1, new TreeMap<>()));
  }
}
