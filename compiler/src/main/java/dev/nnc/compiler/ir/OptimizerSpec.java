package dev.nnc.compiler.ir;

import java.util.Map;

/**
 * An optimizer and its hyperparameters, every one resolved (defaults as {@code torch.optim}).
 *
 * @param kind {@code sgd}, {@code adam} or {@code rmsprop}
 * @param parameters name to value, e.g. {@code lr -> 0.01}, in a stable order
 */
public record OptimizerSpec(Kind kind, Map<String, Double> parameters) {

  /** The optimizers the language knows, with their parameters and PyTorch's defaults (NaN: required). */
  public enum Kind {
    SGD("sgd", Map.of("lr", Double.NaN, "momentum", 0.0, "weight_decay", 0.0, "nesterov", 0.0)),
    ADAM("adam", Map.of("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.0)),
    ADAMW("adamw", Map.of("lr", 1e-3, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8, "weight_decay", 1e-2)),
    RMSPROP(
        "rmsprop",
        Map.of("lr", 1e-2, "alpha", 0.99, "eps", 1e-8, "weight_decay", 0.0, "momentum", 0.0, "centered", 0.0));

    private final String keyword;
    private final Map<String, Double> defaults;

    Kind(String keyword, Map<String, Double> defaults) {
      this.keyword = keyword;
      this.defaults = defaults;
    }

    public String keyword() {
      return keyword;
    }

    public Map<String, Double> defaults() {
      return defaults;
    }
  }

  public double get(String name) {
    return parameters.get(name);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(kind.keyword()).append('(');
    String separator = "";
    for (Map.Entry<String, Double> e : parameters.entrySet()) {
      out.append(separator).append(e.getKey()).append(" = ").append(formatNumber(e.getValue()));
      separator = ", ";
    }
    return out.append(')').toString();
  }

  static String formatNumber(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
