package dev.nnc.compiler.ir;

import java.util.List;
import java.util.Map;

/**
 * The {@code tune} section: the hyperparameters {@code nnc tune} searches.
 *
 * @param grid values to try for each hyperparameter, in the order written
 * @param ranges continuous ranges for random search
 * @param trials how many settings random search draws; 0 for the full grid
 * @param validation fraction of the training rows to rank trials on when the data has no validation
 *     split (0: use the data's)
 * @param seed seed of the random draws ({@code search_seed}; {@code seed} is the training seed, itself tunable)
 */
public record TuneSpec(Map<String, List<Double>> grid, Map<String, Range> ranges, int trials, double validation,
    long seed) {

  /**
   * Hyperparameters that can be searched or set from the command line: the train section's settings,
   * its optimizer's parameters, and qualified names for the rest ({@code schedule.gamma}).
   */
  public static final List<String> TUNABLE = List.of("lr", "batch", "epochs", "seed", "shuffle", "momentum",
      "weight_decay", "beta1", "beta2", "alpha", "eps", "l1", "l2", "clip_norm", "huber.delta",
      "early_stopping.patience", "early_stopping.min_delta", "schedule.step_size", "schedule.gamma", "schedule.t_max",
      "schedule.eta_min", "schedule.factor", "schedule.patience", "schedule.threshold", "schedule.cooldown",
      "schedule.min_lr");

  /** {@code log(lo, hi)} (uniform in the logarithm, for learning rates) or {@code uniform(lo, hi)}. */
  public record Range(boolean logarithmic, double low, double high) {}
}
