package dev.nnc.compiler.ir;

import java.util.Map;

/**
 * A learning-rate schedule, stepped once per epoch, with every parameter resolved (defaults as
 * {@code torch.optim.lr_scheduler}). Cosine's {@code t_max} may stay NaN: it then anneals over the run's
 * epochs, whatever they end up being after command-line overrides.
 */
public record ScheduleSpec(Kind kind, Map<String, Double> parameters) {

  /** The schedules the language knows. */
  public enum Kind {
    STEP("step", Map.of("step_size", Double.NaN, "gamma", 0.1)),
    EXPONENTIAL("exponential", Map.of("gamma", Double.NaN)),
    COSINE("cosine", Map.of("t_max", Double.NaN, "eta_min", 0.0)),
    PLATEAU("plateau", Map.of("factor", 0.1, "patience", 10.0, "threshold", 1e-4, "cooldown", 0.0, "min_lr", 0.0));

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
}
