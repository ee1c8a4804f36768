package dev.nnc.compiler.ir;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The training losses the language knows. */
public enum LossKind {
  MSE("mse"),
  BCE("bce"),
  CROSS_ENTROPY("cross_entropy");

  private final String keyword;

  LossKind(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }

  public static List<String> keywords() {
    return Arrays.stream(values()).map(LossKind::keyword).toList();
  }

  public static Optional<LossKind> byKeyword(String keyword) {
    return Arrays.stream(values()).filter(l -> l.keyword.equals(keyword)).findFirst();
  }
}
