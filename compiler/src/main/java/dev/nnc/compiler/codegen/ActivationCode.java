package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.compiler.ir.Activation;

/**
 * The code of each activation: its forward value and its derivative written in terms of the
 * activation's output, which is all backward keeps.
 */
final class ActivationCode {

  private ActivationCode() {}

  /** Scalar forward expression of {@code v}. */
  static String scalar(Activation activation, String v) {
    return switch (activation) {
      case IDENTITY -> v;
      case RELU -> "Math.max(" + v + ", 0f)";
      case SIGMOID -> "sigmoid(" + v + ")";
      case TANH -> "(float) Math.tanh(" + v + ")";
      case SOFTMAX -> throw new IllegalArgumentException("softmax is applied per sample, not per value");
    };
  }

  /** True for activations whose forward value is computed on vectors inside the kernels. */
  static boolean vectorizable(Activation activation) {
    return activation == Activation.IDENTITY || activation == Activation.RELU;
  }

  /** Vector forward expression of the FloatVector {@code v}, for {@link #vectorizable} activations. */
  static String vector(Activation activation, String v) {
    return activation == Activation.RELU ? v + ".max(0f)" : v;
  }

  /**
   * Scalar d(loss)/d(pre-activation) from d(loss)/d(output) {@code d} and the output {@code y}.
   * The vector form uses the same operations in the same order, so both flavours agree bit for bit.
   */
  static String scalarGradient(Activation activation, String d, String y) {
    return switch (activation) {
      case IDENTITY -> d;
      case RELU -> y + " > 0f ? " + d + " : 0f";
      case SIGMOID -> d + " * (" + y + " * (1f - " + y + "))";
      case TANH -> d + " * (1f - " + y + " * " + y + ")";
      case SOFTMAX -> throw new IllegalArgumentException("softmax gradient is per sample");
    };
  }

  /** Vector form of {@link #scalarGradient}, reading FloatVectors {@code d} and {@code y}. */
  static String vectorGradient(Activation activation, String d, String y) {
    return switch (activation) {
      case IDENTITY -> d;
      case RELU -> d + ".blend(0f, " + y + ".compare(VectorOperators.LE, 0f))";
      case SIGMOID -> d + ".mul(" + y + ".mul(" + y + ".neg().add(1f)))";
      case TANH -> d + ".mul(" + y + ".mul(" + y + ").neg().add(1f))";
      case SOFTMAX -> throw new IllegalArgumentException("softmax gradient is per sample");
    };
  }

  /** The math, for comments. */
  static String formula(Activation activation) {
    return switch (activation) {
      case IDENTITY -> "z";
      case RELU -> "max(z, 0)";
      case SIGMOID -> "1 / (1 + exp(-z))";
      case TANH -> "tanh(z)";
      case SOFTMAX -> "exp(z) / sum(exp(z))";
    };
  }

  static String derivative(Activation activation) {
    return switch (activation) {
      case IDENTITY -> "1";
      case RELU -> "[y > 0]";
      case SIGMOID -> "y (1 - y)";
      case TANH -> "(1 - y^2)";
      case SOFTMAX -> "y * (dy - sum(y * dy))";
    };
  }

  /**
   * Applies {@code activation} over {@code n} consecutive values from {@code src} into {@code dst}
   * starting at {@code start}; softmax treats them as one sample.
   */
  static CodeBlock applyRow(Activation activation, String src, String dst, String start, int n) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (activation == Activation.SOFTMAX) {
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
