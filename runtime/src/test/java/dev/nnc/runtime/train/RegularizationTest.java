package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.runtime.ParameterBlock;
import dev.nnc.runtime.ParameterBlock.Role;
import dev.nnc.runtime.testing.LayoutOnlyNetwork;
import dev.nnc.runtime.testing.LogisticRegressionNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegularizationTest {

  /** Weights [0.5, -2, 0], bias 3 (the bias must be left alone). */
  private static LogisticRegressionNetwork network() {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(3, 1);
    System.arraycopy(new float[] {0.5f, -2f, 0f, 3f}, 0, net.parameters(), 0, 4);
    System.arraycopy(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 0, net.gradients(), 0, 4);
    return net;
  }

  @Test
  void penaltyIsKerasL1L2OverWeightsOnly() {
    // l1 * (0.5 + 2 + 0) + l2 * (0.25 + 4 + 0) = 0.01 * 2.5 + 0.1 * 4.25
    assertEquals(0.45, new Regularization(0.01, 0.1).penalty(network()), 1e-9);
    assertEquals(0.025, Regularization.l1(0.01).penalty(network()), 1e-9);
    assertEquals(0.425, Regularization.l2(0.1).penalty(network()), 1e-9);
  }

  @Test
  void gradientGainsL1SignAndTwiceL2TimesTheWeight() {
    LogisticRegressionNetwork net = network();
    new Regularization(0.01, 0.1).addGradients(net);
    // 0.1 + 0.01 * 1 + 0.2 * 0.5;  0.2 - 0.01 + 0.2 * -2;  0.3 + 0 (sign(0) = 0) + 0;  bias unchanged
    assertArrayEquals(new float[] {0.21f, -0.21f, 0.3f, 0.4f}, net.gradients(), 1e-7f);
  }

  @Test
  void gradientMatchesTheFiniteDifferenceOfThePenalty() {
    LogisticRegressionNetwork net = network();
    net.parameters()[2] = 0.75f;
    Regularization regularization = new Regularization(0.03, 0.2);
    java.util.Arrays.fill(net.gradients(), 0f);
    regularization.addGradients(net);
    for (int i = 0; i < 3; i++) {
      float original = net.parameters()[i];
      net.parameters()[i] = original + 1e-3f;
      double plus = regularization.penalty(net);
      net.parameters()[i] = original - 1e-3f;
      double minus = regularization.penalty(net);
      net.parameters()[i] = original;
      assertEquals((plus - minus) / 2e-3, net.gradients()[i], 1e-4, "weight " + i);
    }
  }

  @Test
  void scalesAndShiftsAreNotPenalized() {
    LayoutOnlyNetwork batchNorm = new LayoutOnlyNetwork(new float[] {5, 5, 2}, List.of(
        new ParameterBlock("bn.weight", 0, 1, 1, Role.SCALE),
        new ParameterBlock("bn.bias", 1, 1, 1, Role.SHIFT),
        new ParameterBlock("dense.weight", 2, 1, 1, Role.WEIGHT)));
    assertEquals(4.0, Regularization.l2(1).penalty(batchNorm)); // only the weight 2
  }

  @Test
  void refusesNegativeFactors() {
    assertEquals("L2 regularization factor must be a non-negative number, got -0.1",
        assertThrows(IllegalArgumentException.class, () -> Regularization.l2(-0.1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Regularization.l1(Double.NaN));
  }
}
