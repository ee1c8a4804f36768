package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nnc.compiler.ir.Activation;
import java.util.Collections;
import java.util.EnumSet;
import javax.lang.model.element.Modifier;

/**
 * Static helper methods the kernels call (the zero skip, exp, sigmoid, tanh, softmax, GELU, the dropout
 * mask): each emitted only if used.
 */
final class KernelHelpers {

  private enum Helper {
    NEXT_NONZERO,
    EXP,
    SIGMOID,
    TANH,
    SOFTMAX,
    GELU,
    DROPOUT
  }

  private final EnumSet<Helper> used = EnumSet.noneOf(Helper.class);
  private final boolean gradients;
  private final boolean vector;

  /**
   * @param gradients whether backward kernels are emitted too, which call the derivatives' helpers
   * @param vector whether the kernels are Vector API code, which also calls the helpers' vector forms
   */
  KernelHelpers(boolean gradients, boolean vector) {
    this.gradients = gradients;
    this.vector = vector;
  }

  /** Notes the helpers {@code activation}'s kernels call. */
  void use(Activation activation) {
    switch (activation.kind()) {
      case SIGMOID -> used.addAll(EnumSet.of(Helper.SIGMOID, Helper.EXP));
      case TANH -> used.addAll(EnumSet.of(Helper.TANH, Helper.EXP));
      case SOFTMAX -> used.addAll(EnumSet.of(Helper.SOFTMAX, Helper.EXP));
      case GELU -> used.addAll(EnumSet.of(Helper.GELU, Helper.EXP));
      default -> { }
    }
  }

  void useDropout() {
    used.add(Helper.DROPOUT);
  }

  /**
   * The helper {@code nextNonzero(a, base, stride, from, to)}: the first {@code t} from {@code from}
   * whose {@code a[base + t * stride]} is not zero, or {@code to} if none is.
   */
  String nextNonzero() {
    used.add(Helper.NEXT_NONZERO);
    return "nextNonzero";
  }

  void addTo(TypeSpec.Builder type) {
    if (used.contains(Helper.NEXT_NONZERO)) {
      type.addMethod(nextNonzeroMethod());
    }
    if (used.contains(Helper.EXP)) {
      type.addMethod(exp());
    }
    if (vector && (used.contains(Helper.SIGMOID) || used.contains(Helper.TANH) || used.contains(Helper.GELU))) {
      type.addMethod(vectorExp());
    }
    if (vector && used.contains(Helper.SIGMOID)) {
      type.addMethod(vectorForm("sigmoid", "z")
          .addStatement("return FloatVector.broadcast(z.species(), 1f).div(exp(z.neg()).add(1f))")
          .build());
    }
    if (used.contains(Helper.SIGMOID)) {
      type.addMethod(floatHelper("sigmoid", "z")
          .addStatement("return 1f / (1f + exp(-z))")
          .build());
    }
    if (used.contains(Helper.TANH)) {
      type.addMethod(tanh());
    }
    if (vector && used.contains(Helper.TANH)) {
      type.addMethod(vectorTanh());
    }
    if (used.contains(Helper.SOFTMAX)) {
      type.addMethod(MethodSpec.methodBuilder("softmax")
          .addJavadoc("y = exp(z - max) / sum(exp(z - max)) over {@code n} values from {@code start}.\n")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .addParameter(float[].class, "z")
          .addParameter(float[].class, "y")
          .addParameter(TypeName.INT, "start")
          .addParameter(TypeName.INT, "n")
          .addStatement("float max = z[start]")
          .beginControlFlow("for (int j = 1; j < n; j++)")
          .addStatement("max = Math.max(max, z[start + j])")
          .endControlFlow()
          .addStatement("float sum = 0f")
          .beginControlFlow("for (int j = 0; j < n; j++)")
          .addStatement("float e = exp(z[start + j] - max)")
          .addStatement("y[start + j] = e")
          .addStatement("sum += e")
          .endControlFlow()
          .addStatement("float inverse = 1f / sum")
          .beginControlFlow("for (int j = 0; j < n; j++)")
          .addStatement("y[start + j] *= inverse")
          .endControlFlow()
          .build());
    }
    if (used.contains(Helper.SOFTMAX) && gradients) {
      type.addMethod(MethodSpec.methodBuilder("softmaxGradient")
          .addJavadoc("dz = y * (dy - sum(y * dy)) over {@code n} values from {@code start}.\n")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .addParameter(float[].class, "y")
          .addParameter(float[].class, "dy")
          .addParameter(float[].class, "dz")
          .addParameter(TypeName.INT, "start")
          .addParameter(TypeName.INT, "n")
          .addStatement("float dot = 0f")
          .beginControlFlow("for (int j = 0; j < n; j++)")
          .addStatement("dot += y[start + j] * dy[start + j]")
          .endControlFlow()
          .beginControlFlow("for (int j = 0; j < n; j++)")
          .addStatement("dz[start + j] = y[start + j] * (dy[start + j] - dot)")
          .endControlFlow()
          .build());
    }
    if (used.contains(Helper.GELU)) {
      addGeluHelpers(type);
    }
    if (used.contains(Helper.DROPOUT)) {
      type.addMethod(MethodSpec.methodBuilder("survives")
          .addJavadoc("True if value {@code i} survives dropout: a SplitMix64 hash of (seed, i), read as a uniform\n"
              + "number in [0, 1), is at least {@code rate}. Stateless, so backward recomputes forward's mask.\n")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .returns(TypeName.BOOLEAN)
          .addParameter(TypeName.LONG, "seed")
          .addParameter(TypeName.INT, "i")
          .addParameter(TypeName.FLOAT, "rate")
          .addStatement("long z = seed + (i + 1L) * 0x9E3779B97F4A7C15L")
          .addStatement("z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L")
          .addStatement("z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL")
          .addStatement("z ^= z >>> 31")
          .addStatement("return (z >>> 40) * 0x1.0p-24f >= rate")
          .build());
    }
  }

  // exp's constants, shared by its scalar and vector forms, whose bits agree only while these do.
  private static final String EXP_LOW = "-104f";
  private static final String EXP_HIGH = "89f";
  private static final String LOG2_E = "1.44269504f";
  private static final String ROUNDER = "0x1.8p23f";
  private static final String ROUNDER_BITS = "0x4B400000";
  private static final String MINUS_LN2_HIGH = "-0.693359375f";
  private static final String MINUS_LN2_LOW = "2.12194440e-4f";
  /** e^r = 1 + r + r^2 (p0 + p1 r^2 + p2 r^4), each p a pair: {slope, intercept}. */
  private static final String[][] EXP_PAIRS = {
      {"1.6666665459e-1f", "5.0000001201e-1f"},
      {"8.3334519073e-3f", "4.1665795894e-2f"},
      {"1.9875691500e-4f", "1.3981999507e-3f"}};

  /**
   * exp in float arithmetic, within one ulp of the exact value over the whole float range (denormal
   * results and overflow to infinity included): Cephes' expf. Math.exp goes through double and a stub
   * call that C2 cannot schedule around; this inlines into the kernel, and with the polynomial in
   * Estrin's form its longest chain is 4 FMAs, not 6. In W1's single-sample predict the sigmoid's exp
   * took 8-11 ns through Math.exp and about 7 ns this way (two JMH runs, Zen 4).
   */
  private static MethodSpec exp() {
    return floatHelper("exp", "x")
        .addJavadoc("e^x as 2^k e^r, k = round(x / ln 2), |r| <= ln 2 / 2, e^r by Cephes' polynomial; within\n"
            + "one ulp. The clamp keeps k in [-150, 128], where 2^k as two factors 2^(k/2) stays a normal float\n"
            + "and the product rounds to a denormal, zero or infinity as the exact value would.\n")
        .addComment("the clamp as comparisons, not Math.max and Math.min: C2 makes each of those a blend sequence on")
        .addComment("the exp's critical path (W1's predict 15-40% slower); NaN passes through either way")
        .addStatement("float c = x < $L ? $L : (x > $L ? $L : x)", EXP_LOW, EXP_LOW, EXP_HIGH, EXP_HIGH)
        .addComment("k in the low bits of t: adding 1.5 * 2^23 rounds to an integer")
        .addStatement("float t = Math.fma(c, $L, $L)", LOG2_E, ROUNDER)
        .addStatement("float n = t - $L", ROUNDER)
        .addStatement("int k = $T.floatToRawIntBits(t) - $L", Float.class, ROUNDER_BITS)
        .addComment("r = c - n ln 2, with ln 2 in two parts so that n times the first is exact (Cody and Waite)")
        .addStatement("float r = Math.fma(n, $L, c)", MINUS_LN2_HIGH)
        .addStatement("r = Math.fma(n, $L, r)", MINUS_LN2_LOW)
        .addStatement("float r2 = r * r")
        .addStatement("float p0 = Math.fma($L, r, $L)", EXP_PAIRS[0][0], EXP_PAIRS[0][1])
        .addStatement("float p1 = Math.fma($L, r, $L)", EXP_PAIRS[1][0], EXP_PAIRS[1][1])
        .addStatement("float p2 = Math.fma($L, r, $L)", EXP_PAIRS[2][0], EXP_PAIRS[2][1])
        .addStatement("float er = Math.fma(Math.fma(Math.fma(p2, r2, p1), r2, p0), r2, r) + 1f")
        .addStatement("int half = k >> 1")
        .addStatement("return er * $T.intBitsToFloat((half + 127) << 23) * $T.intBitsToFloat((k - half + 127) << 23)",
            Float.class, Float.class)
        .build();
  }

  private static final ClassName FLOAT_VECTOR = ClassName.get("jdk.incubator.vector", "FloatVector");

  /** A private static helper {@code name(float...)} returning a float. */
  private static MethodSpec.Builder floatHelper(String name, String... parameters) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.FLOAT);
    for (String parameter : parameters) {
      method.addParameter(TypeName.FLOAT, parameter);
    }
    return method;
  }

  /**
   * The vector form of the {@link #floatHelper} of the same name and parameters: FloatVectors in and
   * out, documented as what its body must be, the scalar form's operations lane for lane.
   */
  private static MethodSpec.Builder vectorForm(String name, String... parameters) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name)
        .addJavadoc("{@link #$L($L)} on every lane: the same operations, so the same bits.\n", name,
            String.join(", ", Collections.nCopies(parameters.length, "float")))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(FLOAT_VECTOR);
    for (String parameter : parameters) {
      method.addParameter(FLOAT_VECTOR, parameter);
    }
    return method;
  }

  /** {@link #exp()} on every lane, operation for operation. */
  private static MethodSpec vectorExp() {
    return vectorForm("exp", "x")
        .addStatement("FloatVector c = x.max($L).min($L)", EXP_LOW, EXP_HIGH)
        .addStatement("FloatVector t = c.fma($L, $L)", LOG2_E, ROUNDER)
        .addStatement("FloatVector n = t.sub($L)", ROUNDER)
        .addStatement("IntVector k = t.reinterpretAsInts().sub($L)", ROUNDER_BITS)
        .addStatement("FloatVector r = n.lanewise(VectorOperators.FMA, $L, c)", MINUS_LN2_HIGH)
        .addStatement("r = n.lanewise(VectorOperators.FMA, $L, r)", MINUS_LN2_LOW)
        .addStatement("FloatVector r2 = r.mul(r)")
        .addStatement("FloatVector p0 = r.fma($L, $L)", EXP_PAIRS[0][0], EXP_PAIRS[0][1])
        .addStatement("FloatVector p1 = r.fma($L, $L)", EXP_PAIRS[1][0], EXP_PAIRS[1][1])
        .addStatement("FloatVector p2 = r.fma($L, $L)", EXP_PAIRS[2][0], EXP_PAIRS[2][1])
        .addStatement("FloatVector er = p2.fma(r2, p1).fma(r2, p0).fma(r2, r).add(1f)")
        .addStatement("IntVector half = k.lanewise(VectorOperators.ASHR, 1)")
        .addStatement("FloatVector low = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats()")
        .addStatement("FloatVector high = k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23)"
            + ".reinterpretAsFloats()")
        .addStatement("return er.mul(low).mul(high)")
        .build();
  }

  // tanh's constants, shared by its scalar and vector forms as exp's are.
  private static final String TANH_SMALL = "0.625f";
  /** tanh(a) = a + a s P(s), s = a^2, for a below {@link #TANH_SMALL}: P's coefficients, highest first. */
  private static final String[] TANH_POLYNOMIAL = {
      "-5.70498872745e-3f", "2.06390887954e-2f", "-5.37397155531e-2f", "1.33314422036e-1f", "-3.33332819422e-1f"};

  /**
   * tanh in float arithmetic, after Cephes' tanhf: within 1.5 ulps of the exact value (TanhHelperTest).
   * Math.tanh works in double, on JDK 17 through a native call, and has no vector form; this one
   * inlines and has one.
   * Below 0.625 an odd polynomial; above, 1 - 2 / (e^2a + 1), which cancels too much near 0 (hence
   * the split) and reaches 1 once e^2a overflows. Both on |x|, the sign copied back, so -0 stays -0.
   */
  private static MethodSpec tanh() {
    MethodSpec.Builder method = floatHelper("tanh", "x")
        .addJavadoc("tanh(x), within 1.5 ulps: an odd polynomial below $L, 1 - 2 / (e^2|x| + 1) above.\n",
            TANH_SMALL.replace("f", ""))
        .addStatement("float a = Math.abs(x)")
        .addStatement("float y")
        .beginControlFlow("if (a < $L)", TANH_SMALL)
        .addStatement("float s = a * a");
    addPolynomial(method, TANH_POLYNOMIAL, "s", false);
    return method.addStatement("y = Math.fma(p * s, a, a)")
        .nextControlFlow("else")
        .addStatement("y = 1f - 2f / (exp(a + a) + 1f)")
        .endControlFlow()
        .addStatement("return Math.copySign(y, x)")
        .build();
  }

  /** {@link #tanh()} on every lane: both branches computed, each lane keeping the one it takes. */
  private static MethodSpec vectorTanh() {
    MethodSpec.Builder method = vectorForm("tanh", "x")
        .addStatement("FloatVector a = x.abs()")
        .addStatement("FloatVector s = a.mul(a)");
    addPolynomial(method, TANH_POLYNOMIAL, "s", true);
    return method.addStatement("FloatVector small = p.mul(s).fma(a, a)")
        .addComment("1 - 2 / (e^2a + 1), as -(2 / (e^2a + 1)) + 1: the same rounding")
        .addStatement("FloatVector large = FloatVector.broadcast(x.species(), 2f).div(exp(a.add(a)).add(1f))"
            + ".neg().add(1f)")
        .addStatement("FloatVector y = large.blend(small, a.compare(VectorOperators.LT, $L))", TANH_SMALL)
        .addComment("y >= 0, so or-ing in x's sign bit is Math.copySign")
        .addStatement("return y.reinterpretAsInts().or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats()")
        .build();
  }

  /**
   * Adds {@code p}, the polynomial with {@code coefficients} (highest first) at {@code x}, by Horner's
   * rule, as FMAs on floats or on vectors.
   */
  private static void addPolynomial(MethodSpec.Builder method, String[] coefficients, String x, boolean vector) {
    String[] c = coefficients;
    if (vector) {
      method.addStatement("FloatVector p = $L.fma($L, $L)", x, c[0], c[1]);
    } else {
      method.addStatement("float p = Math.fma($L, $L, $L)", c[0], x, c[1]);
    }
    for (int i = 2; i < c.length; i++) {
      method.addStatement(vector ? "p = p.lanewise(VectorOperators.FMA, $L, $L)" : "p = Math.fma(p, $L, $L)", x, c[i]);
    }
  }

  // GELU's constants, shared by its scalar and vector forms as exp's are.
  private static final String MINUS_SQRT_HALF = "-0.70710677f";
  private static final String DENSITY_SCALE = "0.3989423f";
  /** Below this |z|, z Phi(z) may underflow, and Phi(z) is 0.5 in float anyway. */
  private static final String GELU_NEAR_ZERO = "1e-30f";
  /**
   * Numerical Recipes' erfc(a) = t e^(-a^2 + P(t)), t = 1 / (1 + a / 2), relative error below 1.2e-7:
   * P's coefficients, highest first.
   */
  private static final String[] ERFC_POLYNOMIAL = {"0.17087277f", "-0.82215223f", "1.48851587f", "-1.13520398f",
      "0.27886807f", "-0.18628806f", "0.09678418f", "0.37409196f", "1.00002368f", "-1.26551223f"};

  /**
   * GELU as PyTorch computes it by default (the exact form, not the tanh approximation):
   * gelu(z) = z Phi(z), gelu'(z) = Phi(z) + z phi(z), in float arithmetic with the float exp, with
   * vector forms of the same operations: on 256-wide GELU layers about 4x faster than double arithmetic
   * with Math.exp one value at a time. Phi comes from erfc, not 1 + erf, so the negative tail keeps
   * its relative precision: within 8 ulps above z = -3 and 5e-6 of itself down to z = -13
   * (GeluHelperTest), where PyTorch's float 1 + erf(z / sqrt 2) is off by percents and then 0.
   */
  private void addGeluHelpers(TypeSpec.Builder type) {
    type.addMethod(floatHelper("gelu", "z")
        .addStatement("return z * normalCdf(z)")
        .build());
    if (gradients) {
      type.addMethod(floatHelper("geluGradient", "z", "y")
          .addJavadoc("gelu'(z) = Phi(z) + z phi(z), with Phi(z) = y / z from forward's y = gelu(z): one exp, not two,\n"
              + "so that the vector form stays small enough for C2 to inline whole. Near 0, where y / z loses\n"
              + "precision, Phi is 0.5.\n")
          .addStatement("float cdf = Math.abs(z) < $L ? 0.5f : y / z", GELU_NEAR_ZERO)
          .addStatement("float density = exp(-0.5f * z * z) * $L", DENSITY_SCALE)
          .addStatement("return Math.fma(z, density, cdf)")
          .build());
    }
    MethodSpec.Builder cdf = floatHelper("normalCdf", "z")
        .addJavadoc("Phi(z) = erfc(-z / sqrt 2) / 2, with erfc by Numerical Recipes' Chebyshev fit (relative error\n"
            + "below 1.2e-7 everywhere) evaluated in float.\n")
        .addStatement("float u = z * $L", MINUS_SQRT_HALF)
        .addStatement("float a = Math.abs(u)")
        .addStatement("float t = 1f / Math.fma(0.5f, a, 1f)");
    addPolynomial(cdf, ERFC_POLYNOMIAL, "t", false);
    type.addMethod(cdf.addComment("-a^2 as -z^2 / 2, exact in the FMA, where a, rounded, would be off by 1e-7 of itself")
        .addStatement("float erfc = t * exp(Math.fma(-0.5f * z, z, p))")
        .addStatement("return 0.5f * (u >= 0f ? erfc : 2f - erfc)")
        .build());
    if (!vector) {
      return;
    }
    type.addMethod(vectorForm("gelu", "z")
        .addStatement("return z.mul(normalCdf(z))")
        .build());
    if (gradients) {
      type.addMethod(vectorForm("geluGradient", "z", "y")
          .addStatement("FloatVector cdf = y.div(z).blend(0.5f, z.abs().compare(VectorOperators.LT, $L))", GELU_NEAR_ZERO)
          .addStatement("FloatVector density = exp(z.mul(-0.5f).mul(z)).mul($L)", DENSITY_SCALE)
          .addStatement("return z.fma(density, cdf)")
          .build());
    }
    MethodSpec.Builder vectorCdf = vectorForm("normalCdf", "z")
        .addStatement("FloatVector u = z.mul($L)", MINUS_SQRT_HALF)
        .addStatement("FloatVector a = u.abs()")
        .addStatement("FloatVector t = FloatVector.broadcast(z.species(), 1f).div(a.fma(0.5f, 1f))");
    addPolynomial(vectorCdf, ERFC_POLYNOMIAL, "t", true);
    type.addMethod(vectorCdf.addStatement("FloatVector erfc = t.mul(exp(z.mul(-0.5f).fma(z, p)))")
        .addComment("2 - erfc as -erfc + 2: the same rounding")
        .addStatement("return erfc.blend(erfc.neg().add(2f), u.compare(VectorOperators.LT, 0f)).mul(0.5f)")
        .build());
  }

  private static MethodSpec nextNonzeroMethod() {
    return MethodSpec.methodBuilder("nextNonzero")
        .addJavadoc("The first t from {@code from} with {@code a[base + t * stride] != 0}, or {@code to} if none.\n")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.INT)
        .addParameter(float[].class, "a")
        .addParameter(TypeName.INT, "base")
        .addParameter(TypeName.INT, "stride")
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "to")
        .addStatement("int t = from")
        .beginControlFlow("while (t < to && a[base + t * stride] == 0f)")
        .addStatement("t++")
        .endControlFlow()
        .addStatement("return t")
        .build();
  }
}
