package dev.nnc.generated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.models.FashionMnist;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.train.GradientClipping;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generated classes' vector {@code sumOfSquares}, which the trainer's gradient norm (its NaN guard
 * and clipping) sums through, against the runtime's sum in double.
 */
class SumOfSquaresTest {

  /** Vectors of 16 floats, of 8, and the plain loops (the runtime's default). */
  private static final List<Network> NETWORKS = List.of(new FashionMnist(1),
      new dev.nnc.models.v256.FashionMnist(1), new dev.nnc.models.scalar.FashionMnist(1));

  private static float[] values(long seed, int length) {
    Random random = new Random(seed);
    float[] v = new float[length];
    for (int i = 0; i < length; i++) {
      v[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 6));
    }
    return v;
  }

  @Test
  void agreesWithTheSumInDoubleOverEveryAlignmentAndTail() {
    float[] v = values(1, 9000);
    for (Network net : NETWORKS) {
      for (int from : new int[] {0, 1, 7, 16, 63}) {
        for (int length : new int[] {0, 1, 15, 16, 17, 63, 64, 65, 130, 1000, 8192}) {
          double expected = GradientClipping.sumOfSquares(v, from, from + length);
          double actual = net.sumOfSquares(v, from, from + length);
          // float sums of at most 8192 / 64 squares each: a few float roundings of relative error
          assertEquals(expected, actual, expected * 1e-5, net.modelName() + " " + from + "+" + length);
        }
      }
    }
  }

  @Test
  void theVectorSumsAreNotTheScalarOnes() {
    // Guards the test above: the generated classes do override the default (their float sums round
    // differently from the sum in double), and the scalar class keeps it.
    float[] v = values(2, 8192);
    double inDouble = GradientClipping.sumOfSquares(v, 0, v.length);
    assertNotEquals(inDouble, NETWORKS.get(0).sumOfSquares(v, 0, v.length));
    assertNotEquals(inDouble, NETWORKS.get(1).sumOfSquares(v, 0, v.length));
    assertEquals(inDouble, NETWORKS.get(2).sumOfSquares(v, 0, v.length));
  }

  @Test
  void onlyANanOrInfiniteValueMakesTheSumNonFinite() {
    for (Network net : NETWORKS) {
      for (int at : new int[] {0, 40, 8191}) {
        float[] v = values(3, 8192);
        v[at] = Float.NaN;
        assertTrue(Double.isNaN(net.sumOfSquares(v, 0, v.length)), net.modelName() + " NaN at " + at);
        v[at] = Float.NEGATIVE_INFINITY;
        assertEquals(Double.POSITIVE_INFINITY, net.sumOfSquares(v, 0, v.length),
            net.modelName() + " -inf at " + at);
        // its square overflows a float, not a double: the sum is the one in double
        v[at] = 3e19f;
        double sum = net.sumOfSquares(v, 0, v.length);
        assertTrue(Double.isFinite(sum), net.modelName() + " 3e19 at " + at);
        assertEquals(GradientClipping.sumOfSquares(v, 0, v.length), sum, net.modelName() + " 3e19 at " + at);
      }
    }
  }
}
