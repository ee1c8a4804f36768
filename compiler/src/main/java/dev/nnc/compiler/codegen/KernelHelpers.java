package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.nnc.compiler.ir.Activation;
import java.util.EnumSet;
import javax.lang.model.element.Modifier;

/**
 * Static helper methods the kernels call (exp, sigmoid, tanh, softmax, GELU, the dropout mask): each
 * emitted only if used.
 */
final class KernelHelpers {

  private enum Helper {
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
      case GELU -> used.add(Helper.GELU);
      default -> { }
    }
  }

  void useDropout() {
    used.add(Helper.DROPOUT);
  }

  void addTo(TypeSpec.Builder type) {
    if (used.contains(Helper.EXP)) {
      type.addMethod(exp());
    }
    if (vector && (used.contains(Helper.SIGMOID) || used.contains(Helper.TANH))) {
      type.addMethod(vectorExp());
    }
    if (vector && used.contains(Helper.SIGMOID)) {
      type.addMethod(MethodSpec.methodBuilder("sigmoid")
          .addJavadoc("{@link #sigmoid(float)} on every lane: the same operations, so the same bits.\n")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .returns(FLOAT_VECTOR)
          .addParameter(FLOAT_VECTOR, "z")
          .addStatement("return FloatVector.broadcast(z.species(), 1f).div(exp(z.neg()).add(1f))")
          .build());
    }
    if (used.contains(Helper.SIGMOID)) {
      type.addMethod(MethodSpec.methodBuilder("sigmoid")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .returns(TypeName.FLOAT)
          .addParameter(TypeName.FLOAT, "z")
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
    return MethodSpec.methodBuilder("exp")
        .addJavadoc("e^x as 2^k e^r, k = round(x / ln 2), |r| <= ln 2 / 2, e^r by Cephes' polynomial; within\n"
            + "one ulp. The clamp keeps k in [-150, 128], where 2^k as two factors 2^(k/2) stays a normal float\n"
            + "and the product rounds to a denormal, zero or infinity as the exact value would.\n")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.FLOAT)
        .addParameter(TypeName.FLOAT, "x")
        .addStatement("float c = Math.min(Math.max(x, $L), $L)", EXP_LOW, EXP_HIGH)
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

  /** {@link #exp()} on every lane, operation for operation. */
  private static MethodSpec vectorExp() {
    return MethodSpec.methodBuilder("exp")
        .addJavadoc("{@link #exp(float)} on every lane: the same operations, so the same bits.\n")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(FLOAT_VECTOR)
        .addParameter(FLOAT_VECTOR, "x")
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
    MethodSpec.Builder method = MethodSpec.methodBuilder("tanh")
        .addJavadoc("tanh(x), within 1.5 ulps: an odd polynomial below $L, 1 - 2 / (e^2|x| + 1) above.\n",
            TANH_SMALL.replace("f", ""))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.FLOAT)
        .addParameter(TypeName.FLOAT, "x")
        .addStatement("float a = Math.abs(x)")
        .addStatement("float y")
        .beginControlFlow("if (a < $L)", TANH_SMALL)
        .addStatement("float s = a * a");
    addTanhPolynomial(method, false);
    return method.addStatement("y = Math.fma(p * s, a, a)")
        .nextControlFlow("else")
        .addStatement("y = 1f - 2f / (exp(a + a) + 1f)")
        .endControlFlow()
        .addStatement("return Math.copySign(y, x)")
        .build();
  }

  /** {@link #tanh()} on every lane: both branches computed, each lane keeping the one it takes. */
  private static MethodSpec vectorTanh() {
    MethodSpec.Builder method = MethodSpec.methodBuilder("tanh")
        .addJavadoc("{@link #tanh(float)} on every lane: the same operations, so the same bits.\n")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(FLOAT_VECTOR)
        .addParameter(FLOAT_VECTOR, "x")
        .addStatement("FloatVector a = x.abs()")
        .addStatement("FloatVector s = a.mul(a)");
    addTanhPolynomial(method, true);
    return method.addStatement("FloatVector small = p.mul(s).fma(a, a)")
        .addComment("1 - 2 / (e^2a + 1), as -(2 / (e^2a + 1)) + 1: the same rounding")
        .addStatement("FloatVector large = FloatVector.broadcast(x.species(), 2f).div(exp(a.add(a)).add(1f))"
            + ".neg().add(1f)")
        .addStatement("FloatVector y = large.blend(small, a.compare(VectorOperators.LT, $L))", TANH_SMALL)
        .addComment("y >= 0, so or-ing in x's sign bit is Math.copySign")
        .addStatement("return y.reinterpretAsInts().or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats()")
        .build();
  }

  /** Adds {@code p = P(s)} by Horner's rule, as FMAs on floats or on vectors. */
  private static void addTanhPolynomial(MethodSpec.Builder method, boolean vector) {
    String[] c = TANH_POLYNOMIAL;
    if (vector) {
      method.addStatement("FloatVector p = s.fma($L, $L)", c[0], c[1]);
    } else {
      method.addStatement("float p = Math.fma($L, s, $L)", c[0], c[1]);
    }
    for (int i = 2; i < c.length; i++) {
      method.addStatement(vector ? "p = p.lanewise(VectorOperators.FMA, s, $L)" : "p = Math.fma(p, s, $L)", c[i]);
    }
  }

  /**
   * GELU as PyTorch computes it by default (the exact form, not the tanh approximation):
   * gelu(z) = z Phi(z), gelu'(z) = Phi(z) + z phi(z), with Phi from erfc so the far negative tail keeps
   * its relative precision.
   */
  private void addGeluHelpers(TypeSpec.Builder type) {
    type.addMethod(MethodSpec.methodBuilder("gelu")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.FLOAT)
        .addParameter(TypeName.FLOAT, "z")
        .addStatement("return (float) (z * normalCdf(z))")
        .build());
    if (gradients) {
      type.addMethod(MethodSpec.methodBuilder("geluGradient")
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .returns(TypeName.FLOAT)
          .addParameter(TypeName.FLOAT, "z")
          .addStatement("double density = Math.exp(-0.5 * z * z) * 0.3989422804014327")
          .addStatement("return (float) (normalCdf(z) + z * density)")
          .build());
    }
    type.addMethod(MethodSpec.methodBuilder("normalCdf")
        .addJavadoc("Phi(z) = erfc(-z / sqrt 2) / 2, with erfc by Numerical Recipes' Chebyshev fit\n"
            + "(relative error below 1.2e-7 everywhere).\n")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.DOUBLE)
        .addParameter(TypeName.DOUBLE, "z")
        .addStatement("double u = -z * 0.7071067811865476")
        .addStatement("double t = 1 / (1 + 0.5 * Math.abs(u))")
        .addStatement("double erfc = t * Math.exp(-u * u - 1.26551223 + t * (1.00002368 + t * (0.37409196"
            + " + t * (0.09678418\n+ t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587"
            + " + t * (-0.82215223\n+ t * 0.17087277)))))))))")
        .addStatement("return 0.5 * (u >= 0 ? erfc : 2 - erfc)")
        .build());
  }
}
