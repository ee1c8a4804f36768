package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated networks' float GELU and its derivative against an independent double reference (erf
 * by its Taylor series, erfc by its continued fraction), with the relative precision of the negative
 * tail; and the vector forms, lane for lane the scalar bits.
 */
class GeluHelperTest {

  private static Method gelu;
  private static Method geluGradient;
  private static Method vectorGelu;
  private static Method vectorGeluGradient;

  @BeforeAll
  static void loadTheGeneratedHelpers() {
    var helpers = new GeneratedHelpers("""
        model Gelu
        network { input 2; dense 3 gelu }
        train { loss mse }
        """);
    gelu = helpers.scalar("gelu", 1);
    geluGradient = helpers.scalar("geluGradient", 2);
    vectorGelu = helpers.vector("gelu", 1);
    vectorGeluGradient = helpers.vector("geluGradient", 2);
  }

  private static float call(Method method, float z) {
    return GeneratedHelpers.call(method, z);
  }

  /** The derivative as backward calls it: with forward's output gelu(z). */
  private static float gradient(float z) {
    return GeneratedHelpers.call(geluGradient, z, call(gelu, z));
  }

  /** Phi(z), to double precision, by a method unrelated to the generated code's fit. */
  static double normalCdf(double z) {
    double u = Math.abs(z) / Math.sqrt(2);
    // erfc(u) for u >= 0: the continued fraction where it converges fast, else 1 - erf by the series
    double erfc = u > 2.5 ? erfcContinuedFraction(u) : 1 - erfSeries(u);
    return z <= 0 ? erfc / 2 : 1 - erfc / 2;
  }

  private static double erfSeries(double x) {
    double term = x;
    double sum = x;
    for (int n = 1; n < 100; n++) {
      term *= -x * x / n;
      sum += term / (2 * n + 1);
    }
    return sum * 2 / Math.sqrt(Math.PI);
  }

  /** erfc(x) = e^-x^2 / sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...)))), evaluated from the tail. */
  private static double erfcContinuedFraction(double x) {
    double f = x;
    for (int k = 400; k >= 1; k--) {
      f = x + (k / 2.0) / f;
    }
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }

  private static double ulpsOff(float actual, double exact) {
    float rounded = (float) exact;
    return actual == rounded ? 0 : Math.abs(actual - exact) / Math.ulp(rounded);
  }

  @Test
  void theReferenceIsRight() {
    assertEquals(0.5, normalCdf(0), 1e-16);
    assertEquals(0.8413447460685429, normalCdf(1), 1e-15);
    assertEquals(0.15865525393145707, normalCdf(-1), 1e-15);
    assertEquals(2.866515718791939e-7, normalCdf(-5), 1e-20);
    assertEquals(6.22096057427178e-16, normalCdf(-8), 1e-28);
    // either side of the switch from series to continued fraction (u = 2.5)
    double z = -2.5 * Math.sqrt(2);
    assertEquals(normalCdf(Math.nextDown(z)), normalCdf(Math.nextUp(z)), 1e-15);
  }

  @Test
  void isWithinEightUlpsOfTheExactValueAboveMinusThree() {
    double worst = 0;
    float worstAt = 0;
    int checked = 0;
    for (float z = -3f; z <= 12f; z = Math.nextUp(z + 5e-5f * Math.max(1f, Math.abs(z)))) {
      double error = ulpsOff(call(gelu, z), z * normalCdf(z));
      if (error > worst) {
        worst = error;
        worstAt = z;
      }
      checked++;
    }
    assertTrue(checked > 100_000, "too few values checked: " + checked);
    assertTrue(worst <= 8, "gelu(" + worstAt + ") is " + worst + " ulp off");
  }

  @Test
  void keepsItsRelativePrecisionInTheNegativeTail() {
    double worst = 0;
    float worstAt = 0;
    for (float z = -13f; z <= -3f; z += 1e-3f) {
      double exact = z * normalCdf(z);
      double error = Math.abs(call(gelu, z) - exact) / Math.abs(exact);
      if (error > worst) {
        worst = error;
        worstAt = z;
      }
    }
    assertTrue(worst < 5e-6, "gelu(" + worstAt + ") is off by " + worst + " of itself");
    assertEquals(-0f, call(gelu, -200f), "Phi underflows to 0");
  }

  @Test
  void theGradientIsPhiPlusZPhi() {
    double worst = 0;
    float worstAt = 0;
    for (float z = -13f; z <= 12f; z += 1e-3f) {
      double cdf = normalCdf(z);
      double zDensity = z * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      // relative to the terms, not to their sum, which cancels to 0 at z = -0.75
      double error = Math.abs(gradient(z) - (cdf + zDensity)) / (cdf + Math.abs(zDensity));
      if (error > worst) {
        worst = error;
        worstAt = z;
      }
    }
    assertTrue(worst < 5e-6, "geluGradient(" + worstAt + ") is off by " + worst);
  }

  @Test
  void theEdgesAreThoseOfTheExactFunction() {
    assertEquals(0f, call(gelu, 0f));
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(call(gelu, -0f)));
    assertEquals(Float.POSITIVE_INFINITY, call(gelu, Float.POSITIVE_INFINITY));
    assertEquals(50f, call(gelu, 50f));
    assertTrue(Float.isNaN(call(gelu, Float.NaN)));
    assertEquals(0.5f, gradient(0f));
    assertEquals(0.5f, gradient(1e-35f), "z Phi(z) underflows");
    assertEquals(1f, gradient(50f));
    assertEquals(0f, gradient(-50f));
  }

  @Test
  void theVectorFormsGiveTheScalarBitsOnEveryLane() {
    VectorSpecies<Float> species = FloatVector.SPECIES_512;
    float[] z = new float[species.length()];
    float[] lanes = new float[species.length()];
    int checked = GeneratedHelpers.sweepBothSigns(z, 60f, values -> compareLanes(species, values, lanes));
    z[0] = Float.NaN;
    z[1] = Float.POSITIVE_INFINITY;
    z[2] = Float.NEGATIVE_INFINITY;
    z[3] = -0f;
    z[4] = -200f;
    z[5] = 1e-35f;
    checked += compareLanes(species, z, lanes);
    assertTrue(checked > 30_000, "too few values checked: " + checked);
  }

  private static int compareLanes(VectorSpecies<Float> species, float[] z, float[] lanes) {
    FloatVector v = FloatVector.fromArray(species, z, 0);
    FloatVector y = GeneratedHelpers.call(vectorGelu, v);
    y.intoArray(lanes, 0);
    for (int i = 0; i < z.length; i++) {
      assertEquals(Float.floatToIntBits(call(gelu, z[i])), Float.floatToIntBits(lanes[i]), "gelu(" + z[i] + ")");
    }
    GeneratedHelpers.call(vectorGeluGradient, v, y).intoArray(lanes, 0);
    for (int i = 0; i < z.length; i++) {
      assertEquals(Float.floatToIntBits(gradient(z[i])), Float.floatToIntBits(lanes[i]), "geluGradient(" + z[i] + ")");
    }
    return 2 * z.length;
  }
}
