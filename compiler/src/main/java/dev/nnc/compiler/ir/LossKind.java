package dev.nnc.compiler.ir;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The training losses the language knows. */
public enum LossKind {
  MSE("mse"),
  MAE("mae"),
  HUBER("huber"),
  BCE("bce"),
  CROSS_ENTROPY("cross_entropy");

  /** PyTorch's default threshold of HuberLoss. */
  public static final double DEFAULT_HUBER_DELTA = 1.0;

  private final String keyword;

  LossKind(String keyword) {
    this.keyword = keyword;
  }

  public String keyword() {
    return keyword;
  }

  /** True for the losses of regression: the label is a number and the output is used as it is. */
  public boolean regression() {
    return this == MSE || this == MAE || this == HUBER;
  }

  public static List<String> keywords() {
    return Arrays.stream(values()).map(LossKind::keyword).toList();
  }

  public static Optional<LossKind> byKeyword(String keyword) {
    return Arrays.stream(values()).filter(l -> l.keyword.equals(keyword)).findFirst();
  }
}
