package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.Network;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the gradient check cannot see: train/eval behaviour of dropout and batch normalization, their
 * state, and numerically extreme inputs to the fused losses.
 */
class LayerBehaviourTest {

  static final int BATCH = 64;

  /** dense 4 -> 50 (identity, weights 0, biases 1) so dropout sees a known input of all ones. */
  static Network onesIntoDropout(int bits, double rate) {
    Network net = TestModels.network("""
        model Drop
        network { input 4; dense 50; dropout %s; dense 1 }
        train { loss mse }
        """.formatted(rate), bits, BATCH);
    float[] p = net.parameters();
    Arrays.fill(p, 0f);
    // dense1's biases sit right after its 4 x 50 weights.
    Arrays.fill(p, 200, 250, 1f);
    // dense2 sums its 50 inputs.
    Arrays.fill(p, 250, 300, 1f);
    return net;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 512})
  void dropoutKeepsAboutOneMinusRateAndScalesTheSurvivors(int bits) {
    Network net = onesIntoDropout(bits, 0.3);
    net.setTraining(true);
    net.reseed(7);
    float[] x = new float[BATCH * 4];
    net.forward(x, BATCH);
    // Each output is (number of survivors) / 0.7; over 64 x 50 values about 70 % survive.
    double survivors = 0;
    for (int s = 0; s < BATCH; s++) {
      double kept = net.output()[s] * 0.7;
      assertEquals(Math.rint(kept), kept, 1e-3, "a survivor was not scaled by exactly 1 / (1 - p)");
      survivors += kept;
    }
    double fraction = survivors / (BATCH * 50);
    assertEquals(0.7, fraction, 0.03, "fraction kept");

    float[] first = Arrays.copyOf(net.output(), BATCH);
    net.forward(x, BATCH);
    assertArrayEquals(first, Arrays.copyOf(net.output(), BATCH), "same seed, same mask");
    net.reseed(8);
    net.forward(x, BATCH);
    assertFalse(Arrays.equals(first, Arrays.copyOf(net.output(), BATCH)), "a new seed must draw a new mask");

    net.setTraining(false);
    net.forward(x, BATCH);
    for (int s = 0; s < BATCH; s++) {
      assertEquals(50f, net.output()[s], "evaluation must pass every value through unscaled");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 512})
  void batchNormUsesBatchStatisticsInTrainingAndRunningAveragesInEvaluation(int bits) {
    Network net = TestModels.network("""
        model Norm
        network { input 3; batchnorm; dense 1 }
        train { loss mse }
        """, bits, 4);
    float[] p = net.parameters();
    // gamma, beta per feature, then dense 3 -> 1 weights and bias: read feature 0 straight out.
    float[] gamma = {2f, 1f, 1f};
    float[] beta = {0.5f, 0f, 0f};
    System.arraycopy(gamma, 0, p, 0, 3);
    System.arraycopy(beta, 0, p, 3, 3);
    p[6] = 1f;
    assertEquals(0f, net.state()[0], "running mean starts at 0");
    assertEquals(1f, net.state()[3], "running variance starts at 1");

    float[] x = {1, 0, 0, 2, 0, 0, 3, 0, 0, 6, 0, 0};
    net.setTraining(true);
    net.forward(x, 4);
    // feature 0: mean 3, biased variance 3.5, unbiased 14/3.
    double invStd = 1 / Math.sqrt(3.5 + 1e-5);
    for (int s = 0; s < 4; s++) {
      assertEquals(2 * (x[s * 3] - 3) * invStd + 0.5, net.output()[s], 1e-5, "training output " + s);
    }
    assertEquals(0.9 * 0 + 0.1 * 3, net.state()[0], 1e-6, "running mean");
    assertEquals(0.9 * 1 + 0.1 * 14.0 / 3, net.state()[3], 1e-6, "running variance (unbiased)");

    net.setTraining(false);
    net.forward(x, 4);
    double runningInvStd = 1 / Math.sqrt(net.state()[3] + 1e-5);
    for (int s = 0; s < 4; s++) {
      assertEquals(2 * (x[s * 3] - net.state()[0]) * runningInvStd + 0.5, net.output()[s], 1e-5, "eval output " + s);
    }
    float[] before = net.state().clone();
    net.forward(x, 4);
    assertArrayEquals(before, net.state(), "evaluation must not touch the running averages");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dense 1 sigmoid\ntrain { loss bce }", "dense 3 softmax\ntrain { loss cross_entropy }"})
  void fusedLossesStayFiniteForSaturatedLogits(String tail) {
    Network net = TestModels.network("model Saturated\nnetwork { input 2; " + tail.replace("\n", " }\n"), 512, 2);
    float[] p = net.parameters();
    Arrays.fill(p, 0f);
    // weights [2][out] input-major: logits = +100 for every unit of sample 0, -100 for sample 1.
    for (int j = 0; j < net.outputSize(); j++) {
      p[j] = 100f * (j == 0 ? 1 : -1);
    }
    float[] x = {1, 0, -1, 0};
    float[] y = net.loss().name().equals("bce") ? new float[] {0, 1} : new float[] {1, 0};
    net.forward(x, 2);
    float loss = net.loss().lossAndGradient(net.lossInput(), y, 2, net.outputSize(), net.lossGradient());
    net.backward(x, 2);
    assertTrue(Float.isFinite(loss) && loss > 50, "loss of a confidently wrong prediction: " + loss);
    for (float g : net.gradients()) {
      assertTrue(Float.isFinite(g), "gradient " + Arrays.toString(net.gradients()));
    }
    assertNotEquals(0f, net.gradients()[0], "a wrong prediction must still produce a gradient");
  }
}
