package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.FloatExp;
import java.lang.reflect.Method;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated networks' float exp (sigmoid and softmax go through it instead of Math.exp): within one
 * ulp of the exact value across the float range, and right at the edges, where the result becomes a
 * denormal, zero or infinity; and its vector form and the vector sigmoid, lane for lane the scalar bits.
 */
class ExpHelperTest {

  private static Method exp;
  private static Method vectorExp;
  private static Method sigmoid;
  private static Method vectorSigmoid;

  @BeforeAll
  static void loadTheGeneratedHelpers() {
    var helpers = new GeneratedHelpers("""
        model Exp
        network { input 2; dense 3 sigmoid }
        train { loss mse }
        """);
    exp = helpers.scalar("exp", 1);
    vectorExp = helpers.vector("exp", 1);
    sigmoid = helpers.scalar("sigmoid", 1);
    vectorSigmoid = helpers.vector("sigmoid", 1);
  }

  @Test
  void theVectorFormsGiveTheScalarBitsOnEveryLane() {
    VectorSpecies<Float> species = FloatVector.SPECIES_512;
    float[] x = new float[species.length()];
    float[] lanes = new float[species.length()];
    int checked = 0;
    for (int bits = Float.floatToRawIntBits(-110f); bits < 0; bits -= 65537 * x.length) {
      checked += checkLanes(species, x, lanes, bits, -1);
    }
    for (int bits = 0; bits <= Float.floatToRawIntBits(95f); bits += 65537 * x.length) {
      checked += checkLanes(species, x, lanes, bits, 1);
    }
    x[0] = Float.NaN;
    x[1] = Float.POSITIVE_INFINITY;
    x[2] = Float.NEGATIVE_INFINITY;
    x[3] = -0f;
    checked += compareLanes(species, x, lanes);
    assertTrue(checked > 60_000, "too few values checked: " + checked);
  }

  private static int checkLanes(VectorSpecies<Float> species, float[] x, float[] lanes, int bits, int direction) {
    for (int i = 0; i < x.length; i++) {
      x[i] = Float.intBitsToFloat(bits + direction * 65537 * i);
    }
    return compareLanes(species, x, lanes);
  }

  private static int compareLanes(VectorSpecies<Float> species, float[] x, float[] lanes) {
    FloatVector v = FloatVector.fromArray(species, x, 0);
    GeneratedHelpers.call(vectorExp, v).intoArray(lanes, 0);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Float.floatToRawIntBits(exp(x[i])), Float.floatToRawIntBits(lanes[i]), "exp(" + x[i] + ")");
    }
    GeneratedHelpers.call(vectorSigmoid, v).intoArray(lanes, 0);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Float.floatToRawIntBits(GeneratedHelpers.call(sigmoid, x[i])), Float.floatToRawIntBits(lanes[i]),
          "sigmoid(" + x[i] + ")");
    }
    return 2 * x.length;
  }

  private static float exp(float x) {
    return GeneratedHelpers.call(exp, x);
  }

  @Test
  void theLossesExpInTheRuntimeGivesTheGeneratedBits() {
    int checked = 0;
    for (int bits = Float.floatToRawIntBits(-110f); bits < 0; bits -= 4099) {
      checked += sameBits(Float.intBitsToFloat(bits));
    }
    for (int bits = 0; bits <= Float.floatToRawIntBits(95f); bits += 4099) {
      checked += sameBits(Float.intBitsToFloat(bits));
    }
    for (float x : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, -104f, 89f}) {
      checked += sameBits(x);
    }
    assertTrue(checked > 500_000, "too few values checked: " + checked);
  }

  private static int sameBits(float x) {
    assertEquals(Float.floatToRawIntBits(exp(x)), Float.floatToRawIntBits(FloatExp.exp(x)), "exp(" + x + ")");
    return 1;
  }

  @Test
  void isWithinOneUlpOfTheExactValueFromUnderflowToOverflow() {
    double worst = 0;
    float worstAt = 0;
    int checked = 0;
    // Every 4099th float from -104 (the result rounds to 0) up to -0, then from +0 to 89 (past overflow):
    // a float's bits grow with its magnitude, so both halves walk bits upwards from 0.
    for (float limit : new float[] {-104f, 89f}) {
      for (int bits = 0; bits <= Float.floatToRawIntBits(Math.abs(limit)); bits += 4099) {
        float x = Math.copySign(Float.intBitsToFloat(bits), limit);
        double error = ulpsOff(x);
        if (error > worst) {
          worst = error;
          worstAt = x;
        }
        checked++;
      }
    }
    assertTrue(checked > 500_000, "too few values checked: " + checked);
    assertTrue(worst <= 1.0, "exp(" + worstAt + ") is " + worst + " ulp off");
  }

  /** How far exp(x) is from the exact e^x, in ulps of the correctly rounded float result. */
  private static double ulpsOff(float x) {
    float actual = exp(x);
    double exact = Math.exp(x);
    float rounded = (float) exact;
    if (actual == rounded) {
      return 0;
    }
    if (Float.isInfinite(actual) || Float.isInfinite(rounded)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.abs(actual - exact) / Math.ulp(rounded);
  }

  @Test
  void theEdgesAreThoseOfTheExactFunction() {
    assertEquals(1f, exp(0f));
    assertEquals(1f, exp(-0f));
    assertEquals((float) Math.E, exp(1f), Math.ulp((float) Math.E));
    // 88.72283 is the largest float whose exp is finite: 3.4027985e38, a little under Float.MAX_VALUE.
    assertEquals((float) Math.exp(88.72283f), exp(88.72283f), Math.ulp(Float.MAX_VALUE), "the largest finite result");
    assertEquals(Float.POSITIVE_INFINITY, exp(88.7229f));
    assertEquals(Float.POSITIVE_INFINITY, exp(1000f));
    assertEquals(Float.POSITIVE_INFINITY, exp(Float.POSITIVE_INFINITY));
    assertEquals((float) Math.exp(-90), exp(-90f), Float.MIN_VALUE, "a denormal result");
    assertEquals(Float.MIN_VALUE, exp(-103.28f), "the smallest denormal");
    assertEquals(0f, exp(-104f));
    assertEquals(0f, exp(-1000f));
    assertEquals(0f, exp(Float.NEGATIVE_INFINITY));
    assertTrue(Float.isNaN(exp(Float.NaN)));
  }
}
