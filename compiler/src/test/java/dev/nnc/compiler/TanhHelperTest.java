package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated networks' float tanh (tanh layers and activations go through it instead of
 * Math.tanh): within 1.5 ulps of the exact value everywhere, odd, exact at the edges, and its vector
 * form lane for lane the scalar bits.
 */
class TanhHelperTest {

  private static Method tanh;
  private static Method vectorTanh;

  @BeforeAll
  static void loadTheGeneratedHelpers() {
    var helpers = new GeneratedHelpers("""
        model Tanh
        network { input 2; dense 3 tanh }
        train { loss mse }
        """);
    tanh = helpers.scalar("tanh", 1);
    vectorTanh = helpers.vector("tanh", 1);
  }

  private static float tanh(float x) {
    return GeneratedHelpers.call(tanh, x);
  }

  @Test
  void isWithinOneAndAHalfUlpsOfTheExactValue() {
    double worst = 0;
    float worstAt = 0;
    int checked = 0;
    // Every 1021st positive float up to 12 (tanh rounds to 1 from 9.01), and its negative.
    for (int bits = 0; bits <= Float.floatToRawIntBits(12f); bits += 1021) {
      for (float x : new float[] {Float.intBitsToFloat(bits), -Float.intBitsToFloat(bits)}) {
        float actual = tanh(x);
        float rounded = (float) Math.tanh(x);
        double error = actual == rounded ? 0 : Math.abs(actual - Math.tanh(x)) / Math.ulp(rounded);
        if (error > worst) {
          worst = error;
          worstAt = x;
        }
        checked++;
      }
    }
    assertTrue(checked > 2_000_000, "too few values checked: " + checked);
    assertTrue(worst <= 1.5, "tanh(" + worstAt + ") is " + worst + " ulp off");
  }

  @Test
  void theEdgesAreThoseOfTheExactFunction() {
    assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(tanh(0f)));
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(tanh(-0f)), "-0 keeps its sign");
    assertEquals(Float.MIN_VALUE, tanh(Float.MIN_VALUE), "tanh(x) = x for tiny x");
    assertEquals(-1e-20f, tanh(-1e-20f));
    assertEquals(1f, tanh(9.1f));
    assertEquals(-1f, tanh(-50f), "e^2|x| overflows to infinity");
    assertEquals(1f, tanh(Float.MAX_VALUE));
    assertEquals(1f, tanh(Float.POSITIVE_INFINITY));
    assertEquals(-1f, tanh(Float.NEGATIVE_INFINITY));
    assertTrue(Float.isNaN(tanh(Float.NaN)));
    // Either side of the switch from the polynomial to the exp form.
    assertEquals((float) Math.tanh(0.625f), tanh(0.625f), Math.ulp(0.55f));
    assertEquals((float) Math.tanh(Math.nextDown(0.625f)), tanh(Math.nextDown(0.625f)), Math.ulp(0.55f));
  }

  @Test
  void theVectorFormGivesTheScalarBitsOnEveryLane() {
    VectorSpecies<Float> species = FloatVector.SPECIES_512;
    float[] x = new float[species.length()];
    float[] lanes = new float[species.length()];
    // both signs in each vector, so each mixes both branches and both signs
    int checked = GeneratedHelpers.sweepBothSigns(x, 60f, values -> compareLanes(species, values, lanes));
    x[0] = Float.NaN;
    x[1] = Float.POSITIVE_INFINITY;
    x[2] = Float.NEGATIVE_INFINITY;
    x[3] = -0f;
    x[4] = 0.625f;
    x[5] = -Math.nextDown(0.625f);
    checked += compareLanes(species, x, lanes);
    assertTrue(checked > 15_000, "too few values checked: " + checked);
  }

  private static int compareLanes(VectorSpecies<Float> species, float[] x, float[] lanes) {
    GeneratedHelpers.call(vectorTanh, FloatVector.fromArray(species, x, 0)).intoArray(lanes, 0);
    for (int i = 0; i < x.length; i++) {
      // floatToIntBits: one NaN, whatever sign the two forms leave on it
      assertEquals(Float.floatToIntBits(tanh(x[i])), Float.floatToIntBits(lanes[i]), "tanh(" + x[i] + ")");
    }
    return x.length;
  }
}
