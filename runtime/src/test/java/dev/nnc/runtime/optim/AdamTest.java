package dev.nnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.parallel.ParameterSplit;
import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdamTest {

  private static final float[][] GRADS = {{0.1f, -0.2f, 0.3f}, {-0.05f, 0.4f, 0f}, {0.2f, 0.1f, -0.1f}};

  @Test
  void firstStepMovesEachParameterByTheLearningRate() {
    // with bias correction, m_hat = g and v_hat = g^2, so the step is lr * g / (|g| + eps)
    float[] params = {1f, -0.5f, 0.2f};
    new Adam(0.01).step(params, GRADS[0]);
    assertArrayEquals(new float[] {0.99f, -0.49f, 0.19f}, params, 1e-6f);
  }

  @Test
  void threeStepsMatchTheBiasCorrectedFormula() {
    checkAgainstFormula(0.01, 0.9, 0.999, 1e-8, 0);
  }

  @Test
  void weightDecayIsAddedToTheGradient() {
    checkAgainstFormula(0.005, 0.8, 0.99, 1e-6, 0.1);
  }

  private static void checkAgainstFormula(double lr, double beta1, double beta2, double eps,
      double weightDecay) {
    float[] params = {1f, -0.5f, 0.2f};
    double[] expected = {1, -0.5, 0.2};
    double[] m = new double[3];
    double[] v = new double[3];
    Adam adam = new Adam(lr, beta1, beta2, eps, weightDecay);
    for (int t = 1; t <= GRADS.length; t++) {
      adam.step(params, GRADS[t - 1]);
      for (int i = 0; i < 3; i++) {
        double g = GRADS[t - 1][i] + weightDecay * expected[i];
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
  void defaultsAreTorchDefaults() {
    assertEquals("Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)", new Adam().describe());
    float[] params = {0f};
    new Adam().step(params, new float[] {3f});
    assertEquals(-0.001f, params[0], 1e-7f);
  }

  @Test
  void refusesInvalidSettingsAndArraysOfAnotherLength() {
    assertThrows(IllegalArgumentException.class, () -> new Adam(-1));
    assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 1.0, 0.999, 1e-8, 0));
    assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 0.9, -0.1, 1e-8, 0));
    Adam adam = new Adam();
    adam.step(new float[2], new float[2]);
    assertThrows(IllegalStateException.class, () -> adam.step(new float[4], new float[4]));
  }

  // Above AdamMoments' 1 << 15 parameters, so a team really splits the update: two weight matrices
  // (the second's rows a multiple of neither the row block nor 16) with gaps before, between and after.
  private static final int SPLIT_LENGTH = (1 << 15) + 1000;
  private static final ParameterSplit BY_ROWS = ParameterSplit.byRows(SPLIT_LENGTH, 8,
      new ParameterSplit.Rows(40, 100, 200), new ParameterSplit.Rows(20_100, 37, 300));

  @Test
  void aSplitStepGivesTheSameBitsAsOneThread() {
    Random random = new Random(42);
    float[] start = new float[SPLIT_LENGTH];
    for (int i = 0; i < start.length; i++) {
      start[i] = (float) random.nextGaussian();
    }
    float[] alone = start.clone();
    float[] split = start.clone();
    // Weight decay too, so that every term of the update is in the comparison.
    Adam oneThread = new Adam(0.01, 0.9, 0.999, 1e-8, 0.01);
    Adam twoThreads = new Adam(0.01, 0.9, 0.999, 1e-8, 0.01);
    try (WorkerTeam team = WorkerTeam.of(2)) {
      for (int step = 0; step < 4; step++) {
        float[] grads = new float[SPLIT_LENGTH];
        for (int i = 0; i < grads.length; i++) {
          grads[i] = (float) random.nextGaussian();
        }
        oneThread.step(alone, grads);
        twoThreads.step(split, grads, team, BY_ROWS);
        // A parameter the split left out (or updated twice) would differ here.
        assertTrue(Arrays.equals(alone, split), "parameters differ after step " + (step + 1));
      }
      assertEquals(4, team.tasksSplit(), "the update was not split");
    }
    assertFalse(Arrays.equals(start, alone), "the steps changed nothing");
    for (String buffer : new String[] {"exp_avg", "exp_avg_sq"}) {
      assertTrue(Arrays.equals(oneThread.state().buffers().get(buffer), twoThreads.state().buffers().get(buffer)),
          buffer);
    }
  }

  @Test
  void refusesASplitOfAnotherLength() {
    Adam adam = new Adam();
    float[] params = new float[SPLIT_LENGTH];
    Arrays.fill(params, 1f);
    float[] grads = new float[SPLIT_LENGTH];
    Arrays.fill(grads, 0.5f);
    try (WorkerTeam team = WorkerTeam.of(2)) {
      assertThrows(IllegalArgumentException.class,
          () -> adam.step(params, grads, team, ParameterSplit.even(SPLIT_LENGTH - 1)));
      assertThrows(IllegalArgumentException.class,
          () -> adam.step(params, grads, team, ParameterSplit.even(SPLIT_LENGTH + 16)));
    }
    float[] unchanged = new float[SPLIT_LENGTH];
    Arrays.fill(unchanged, 1f);
    assertTrue(Arrays.equals(unchanged, params), "a refused step changed parameters");
  }
}
