package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.compiler.ir.Activation;

/**
 * The code of each activation: its forward value and its derivative. Derivatives are written in terms
 * of the activation's output {@code y}, which backward keeps anyway, except GELU's, which needs the
 * pre-activation {@code z} too.
 */
final class ActivationCode {

  private ActivationCode() {}

  /** Scalar forward expression of {@code v}. */
  static String scalar(Activation activation, String v) {
    return switch (activation.kind()) {
      case IDENTITY -> v;
      case RELU -> "Math.max(" + v + ", 0f)";
      case LEAKY_RELU -> v + " > 0f ? " + v + " : " + v + " * " + floatLiteral(activation.slope());
      case SIGMOID -> "sigmoid(" + v + ")";
      case TANH -> "tanh(" + v + ")";
      case GELU -> "gelu(" + v + ")";
      case SOFTMAX -> throw new IllegalArgumentException("softmax is applied per sample, not per value");
    };
  }

  /**
   * True for activations computed on vectors inside the kernels' registers; the others run in a pass
   * after the kernel (on vectors where {@link #vectorizableInPass}).
   */
  static boolean vectorizable(Activation activation) {
    return switch (activation.kind()) {
      case IDENTITY, RELU, LEAKY_RELU -> true;
      default -> false;
    };
  }

  /**
   * True for activations with a vector form: the {@link #vectorizable} ones, and sigmoid, tanh and
   * GELU, whose vector forms call helpers of some 30 to 50 vector operations and so run in a pass over
   * the stored sums, not in the kernels' registers.
   */
  static boolean vectorizableInPass(Activation activation) {
    return switch (activation.kind()) {
      case SIGMOID, TANH, GELU -> true;
      default -> vectorizable(activation);
    };
  }

  /** True when the derivative needs the pre-activation, so forward must keep it. */
  static boolean needsPreActivation(Activation activation) {
    return activation.kind() == Activation.Kind.GELU;
  }

  /**
   * Vector forward expression of the FloatVector variable {@code v}, for {@link #vectorizableInPass}
   * activations. Same operations as {@link #scalar}, so both flavours agree bit for bit.
   */
  static String vector(Activation activation, String v) {
    return switch (activation.kind()) {
      case RELU -> v + ".max(0f)";
      case SIGMOID -> "sigmoid(" + v + ")";
      case TANH -> "tanh(" + v + ")";
      case GELU -> "gelu(" + v + ")";
      case LEAKY_RELU -> v + ".blend(" + v + ".mul(" + floatLiteral(activation.slope()) + "), " + v
          + ".compare(VectorOperators.LE, 0f))";
      default -> v;
    };
  }

  /** Scalar d(loss)/dz from d(loss)/dy {@code d}, the output {@code y} and the pre-activation {@code z}. */
  static String scalarGradient(Activation activation, String d, String y, String z) {
    return switch (activation.kind()) {
      case IDENTITY -> d;
      case RELU -> y + " > 0f ? " + d + " : 0f";
      case LEAKY_RELU -> y + " > 0f ? " + d + " : " + d + " * " + floatLiteral(activation.slope());
      case SIGMOID -> d + " * (" + y + " * (1f - " + y + "))";
      case TANH -> d + " * (1f - " + y + " * " + y + ")";
      case GELU -> d + " * geluGradient(" + z + ", " + y + ")";
      case SOFTMAX -> throw new IllegalArgumentException("softmax gradient is per sample");
    };
  }

  /** True where {@link #vectorGradient} exists. */
  static boolean vectorizableGradient(Activation activation) {
    return switch (activation.kind()) {
      case IDENTITY, RELU, LEAKY_RELU, SIGMOID, TANH, GELU -> true;
      default -> false;
    };
  }

  /**
   * Vector form of {@link #scalarGradient}, reading FloatVectors {@code d}, {@code y} and, where
   * {@link #needsPreActivation}, {@code z}.
   */
  static String vectorGradient(Activation activation, String d, String y, String z) {
    return switch (activation.kind()) {
      case IDENTITY -> d;
      case RELU -> d + ".blend(0f, " + y + ".compare(VectorOperators.LE, 0f))";
      case LEAKY_RELU -> d + ".blend(" + d + ".mul(" + floatLiteral(activation.slope()) + "), " + y
          + ".compare(VectorOperators.LE, 0f))";
      case SIGMOID -> d + ".mul(" + y + ".mul(" + y + ".neg().add(1f)))";
      case TANH -> d + ".mul(" + y + ".mul(" + y + ").neg().add(1f))";
      case GELU -> d + ".mul(geluGradient(" + z + ", " + y + "))";
      default -> throw new IllegalArgumentException(activation + " has no vector gradient");
    };
  }

  /** The math, for comments. */
  static String formula(Activation activation) {
    return switch (activation.kind()) {
      case IDENTITY -> "z";
      case RELU -> "max(z, 0)";
      case LEAKY_RELU -> "z > 0 ? z : " + floatLiteral(activation.slope()).replace("f", "") + " z";
      case SIGMOID -> "1 / (1 + exp(-z))";
      case TANH -> "tanh(z)";
      case GELU -> "z Phi(z)";
      case SOFTMAX -> "exp(z) / sum(exp(z))";
    };
  }

  static String derivative(Activation activation) {
    return switch (activation.kind()) {
      case IDENTITY -> "1";
      case RELU -> "[y > 0]";
      case LEAKY_RELU -> "(y > 0 ? 1 : " + floatLiteral(activation.slope()).replace("f", "") + ")";
      case SIGMOID -> "y (1 - y)";
      case TANH -> "(1 - y^2)";
      case GELU -> "(Phi(z) + z phi(z))";
      case SOFTMAX -> "y * (dy - sum(y * dy))";
    };
  }

  /** A float literal that reads back as exactly {@code (float) value}. */
  static String floatLiteral(double value) {
    return Float.toString((float) value) + "f";
  }

  /**
   * Applies {@code activation} to the values of samples {@code from} to {@code to} ({@code width} each)
   * from {@code src} into {@code dst}: with vectors of {@code lanes} floats where it has a vector form
   * (the same bits), else sample by sample as {@link #applyRow}.
   */
  static CodeBlock applyRows(Activation activation, String src, String dst, int width, int lanes) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (lanes > 0 && vectorizableInPass(activation)) {
      code.addStatement("int n = $L", Index.times("to", width))
          .addStatement("int i = $L", Index.times("from", width))
          .beginControlFlow("for (; i <= n - $L; i += $L)", lanes, lanes)
          .addStatement("$L.intoArray($L, i)", vector(activation, "FloatVector.fromArray(SPECIES, " + src + ", i)"),
              dst)
          .endControlFlow()
          .beginControlFlow("for (; i < n; i++)")
          .addStatement("$L[i] = $L", dst, scalar(activation, src + "[i]"))
          .endControlFlow();
      return code.build();
    }
    return code.beginControlFlow("for (s = from; s < to; s++)")
        .add(applyRow(activation, src, dst, Index.times("s", width), width))
        .endControlFlow()
        .build();
  }

  /**
   * Applies {@code activation} over {@code n} consecutive values from {@code src} into {@code dst}
   * starting at {@code start}; softmax treats them as one sample.
   */
  static CodeBlock applyRow(Activation activation, String src, String dst, String start, int n) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (activation.kind() == Activation.Kind.SOFTMAX) {
      code.addStatement("softmax($L, $L, $L, $L)", src, dst, start, n);
    } else if (activation != Activation.IDENTITY || !src.equals(dst)) {
      code.beginControlFlow("for (int j = 0; j < $L; j++)", n)
          .addStatement("$L[$L] = $L", dst, Index.sum(start, "j"),
              scalar(activation, src + "[" + Index.sum(start, "j") + "]"))
          .endControlFlow();
    }
    return code.build();
  }
}
