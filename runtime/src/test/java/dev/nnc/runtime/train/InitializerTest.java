package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.ParameterBlock;
import dev.nnc.runtime.ParameterBlock.Role;
import dev.nnc.runtime.testing.LayoutOnlyNetwork;
import dev.nnc.runtime.testing.LogisticRegressionNetwork;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InitializerTest {

  @Test
  void drawsBlocksInLayoutOrderFromOneSeededRandom() {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    Initializer.initialize(net, 42);
    Random random = new Random(42);
    double bound = 1 / Math.sqrt(2);
    float[] expected = new float[3];
    for (int i = 0; i < 3; i++) {
      expected[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
    assertArrayEquals(expected, net.parameters());
  }

  @Test
  void eachBlockUsesItsOwnFanIn() {
    // weights of a 4-input layer, then a bias whose layer has 100 inputs, then padding, which is zeroed
    LayoutOnlyNetwork net = new LayoutOnlyNetwork(new float[2100], List.of(
        new ParameterBlock("a.weight", 0, 1000, 4, Role.WEIGHT),
        new ParameterBlock("b.bias", 1000, 1000, 100, Role.BIAS)));
    Arrays.fill(net.parameters(), 2000, 2100, 7f);
    Initializer.initialize(net, 1);
    float[] p = net.parameters();
    assertRange(p, 0, 1000, 0.5);
    assertRange(p, 1000, 2000, 0.1);
    for (int i = 2000; i < 2100; i++) {
      assertEquals(0f, p[i]);
    }
  }

  private static void assertRange(float[] values, int from, int to, double bound) {
    double max = 0;
    double sum = 0;
    for (int i = from; i < to; i++) {
      max = Math.max(max, Math.abs(values[i]));
      sum += values[i];
    }
    assertTrue(max <= bound, "max " + max + " exceeds " + bound);
    assertTrue(max > 0.95 * bound, "max " + max + " should come close to " + bound);
    assertTrue(Math.abs(sum / (to - from)) < 0.1 * bound, "mean should be near 0");
  }

  @Test
  void sameSeedSameParametersOtherSeedOtherParameters() {
    LogisticRegressionNetwork a = new LogisticRegressionNetwork(5, 4);
    LogisticRegressionNetwork b = new LogisticRegressionNetwork(5, 4);
    LogisticRegressionNetwork c = new LogisticRegressionNetwork(5, 4);
    Initializer.initialize(a, 7);
    Initializer.initialize(b, 7);
    Initializer.initialize(c, 8);
    assertTrue(Arrays.equals(a.parameters(), b.parameters()));
    assertFalse(Arrays.equals(a.parameters(), c.parameters()));
  }

  @Test
  void scalesAndShiftsDrawNothingAndStartAtOneAndZero() {
    // weight, BatchNorm scale and shift, bias: the weight and bias take the first 3 draws, in order
    LayoutOnlyNetwork net = new LayoutOnlyNetwork(new float[9], List.of(
        new ParameterBlock("dense1.weight", 0, 2, 2, Role.WEIGHT),
        new ParameterBlock("bn1.weight", 2, 3, 3, Role.SCALE),
        new ParameterBlock("bn1.bias", 5, 3, 3, Role.SHIFT),
        new ParameterBlock("dense2.bias", 8, 1, 4, Role.BIAS)));
    Arrays.fill(net.parameters(), 7f);
    Initializer.initialize(net, 42);
    Random random = new Random(42);
    float w0 = (float) ((2 * random.nextDouble() - 1) / Math.sqrt(2));
    float w1 = (float) ((2 * random.nextDouble() - 1) / Math.sqrt(2));
    float b = (float) ((2 * random.nextDouble() - 1) / Math.sqrt(4));
    assertArrayEquals(new float[] {w0, w1, 1, 1, 1, 0, 0, 0, b}, net.parameters());
  }

  @Test
  void runningStatisticsStartAtZeroMeanAndUnitVariance() {
    float[] state = {5, 5, 5, 5};
    LayoutOnlyNetwork net = new LayoutOnlyNetwork(new float[1],
        List.of(new ParameterBlock("b", 0, 1, 1, Role.BIAS)), state, List.of(
            new ParameterBlock("bn1.running_mean", 0, 2, 2, Role.RUNNING_MEAN),
            new ParameterBlock("bn1.running_var", 2, 2, 2, Role.RUNNING_VARIANCE)));
    Initializer.initialize(net, 3);
    assertArrayEquals(new float[] {0, 0, 1, 1}, state);
  }

  @Test
  void rolesInTheWrongLayoutAndBlocksOutsideTheirArrayAreRefused() {
    LayoutOnlyNetwork statisticsAsParameters = new LayoutOnlyNetwork(new float[2],
        List.of(new ParameterBlock("bn.running_mean", 0, 2, 2, Role.RUNNING_MEAN)));
    assertEquals("parameter block bn.running_mean has role RUNNING_MEAN, which belongs in the state layout",
        assertThrows(IllegalArgumentException.class,
            () -> Initializer.initialize(statisticsAsParameters, 0)).getMessage());
    LayoutOnlyNetwork weightsAsState = new LayoutOnlyNetwork(new float[0], List.of(), new float[2],
        List.of(new ParameterBlock("w", 0, 2, 2, Role.WEIGHT)));
    assertEquals("state block w has role WEIGHT, which belongs in the parameter layout",
        assertThrows(IllegalArgumentException.class,
            () -> Initializer.initialize(weightsAsState, 0)).getMessage());
    LayoutOnlyNetwork overflowing = new LayoutOnlyNetwork(new float[3],
        List.of(new ParameterBlock("w", 2, 2, 2, Role.WEIGHT)));
    assertEquals("parameter block w covers [2, 4), outside the 3 values of the parameter array",
        assertThrows(IllegalArgumentException.class,
            () -> Initializer.initialize(overflowing, 0)).getMessage());
  }

  @Test
  void refusesAFanInBelowOne() {
    LayoutOnlyNetwork net = new LayoutOnlyNetwork(new float[1],
        List.of(new ParameterBlock("x.bias", 0, 1, 0, Role.BIAS)));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> Initializer.initialize(net, 0));
    assertEquals("parameter block x.bias has fan-in 0; it must be at least 1", error.getMessage());
  }
}
