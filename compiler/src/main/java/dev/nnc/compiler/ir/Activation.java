package dev.nnc.compiler.ir;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An element-wise (or, for softmax, per-sample) non-linearity. Parameterless activations are the
 * canonical constants below, so they can be compared with {@code ==}; {@code leaky_relu} carries its
 * negative slope.
 */
public final class Activation {

  /** The kinds of activation, by their {@code .nn} names. */
  public enum Kind {
    IDENTITY("linear"),
    RELU("relu"),
    LEAKY_RELU("leaky_relu"),
    SIGMOID("sigmoid"),
    TANH("tanh"),
    SOFTMAX("softmax"),
    GELU("gelu");

    private final String keyword;

    Kind(String keyword) {
      this.keyword = keyword;
    }

    public String keyword() {
      return keyword;
    }
  }

  /** PyTorch's default negative slope of LeakyReLU. */
  public static final double DEFAULT_SLOPE = 0.01;

  public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0);
  public static final Activation RELU = new Activation(Kind.RELU, 0);
  public static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0);
  public static final Activation TANH = new Activation(Kind.TANH, 0);
  public static final Activation SOFTMAX = new Activation(Kind.SOFTMAX, 0);
  public static final Activation GELU = new Activation(Kind.GELU, 0);

  private final Kind kind;
  private final double slope;

  private Activation(Kind kind, double slope) {
    this.kind = kind;
    this.slope = slope;
  }

  /** LeakyReLU: x for x > 0, {@code slope * x} otherwise. */
  public static Activation leakyRelu(double slope) {
    return new Activation(Kind.LEAKY_RELU, slope);
  }

  public Kind kind() {
    return kind;
  }

  /** The negative slope of leaky_relu (0 for other kinds). */
  public double slope() {
    return slope;
  }

  /** The name used in {@code .nn} files. */
  public String keyword() {
    return kind.keyword();
  }

  /** As written in a {@code .nn} file: {@code relu}, {@code leaky_relu(0.2)}. */
  public String describe() {
    return kind == Kind.LEAKY_RELU ? kind.keyword() + "(" + trim(slope) + ")" : kind.keyword();
  }

  /** Every activation name the language knows, for suggestions. */
  public static List<String> keywords() {
    return Arrays.stream(Kind.values()).map(Kind::keyword).toList();
  }

  /** The activation named {@code keyword} with its default parameters. */
  public static Optional<Activation> byKeyword(String keyword) {
    return Arrays.stream(Kind.values()).filter(k -> k.keyword().equals(keyword)).findFirst().map(k -> switch (k) {
      case IDENTITY -> IDENTITY;
      case RELU -> RELU;
      case LEAKY_RELU -> leakyRelu(DEFAULT_SLOPE);
      case SIGMOID -> SIGMOID;
      case TANH -> TANH;
      case SOFTMAX -> SOFTMAX;
      case GELU -> GELU;
    });
  }

  private static String trim(double v) {
    String text = String.format(Locale.ROOT, "%s", v);
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Activation other && kind == other.kind && Double.compare(slope, other.slope) == 0;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Double.hashCode(slope);
  }

  @Override
  public String toString() {
    return describe();
  }
}
