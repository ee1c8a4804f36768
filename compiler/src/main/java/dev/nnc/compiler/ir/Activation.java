package dev.nnc.compiler.ir;

import java.util.List;

/** Element-wise (or, for softmax, per-sample) non-linearities. */
public enum Activation {
  IDENTITY("linear"),
  RELU("relu"),
  SIGMOID("sigmoid"),
  TANH("tanh"),
  SOFTMAX("softmax");

  private final String keyword;

  Activation(String keyword) {
    this.keyword = keyword;
  }

  /** The name used in {@code .nn} files. */
  public String keyword() {
    return keyword;
  }

  /** Every activation name the language knows, for suggestions. */
  public static List<String> keywords() {
    return java.util.Arrays.stream(values()).map(Activation::keyword).toList();
  }

  public static java.util.Optional<Activation> byKeyword(String keyword) {
    return java.util.Arrays.stream(values()).filter(a -> a.keyword.equals(keyword)).findFirst();
  }
}
