package dev.nnc.runtime.train.schedule;

/**
 * Anneals the learning rate along a cosine from the base rate to {@code etaMin} over {@code tMax}
 * epochs, as {@code torch.optim.lr_scheduler.CosineAnnealingLR}:
 *
 * <pre>
 * lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2
 * </pre>
 *
 * <p>Past {@code tMax} the cosine continues and the rate rises again, as in PyTorch (no restarts).
 */
public final class CosineAnnealingLR extends ClosedFormSchedule {

  private final int tMax;
  private final double etaMin;

  /** Annealing to 0, PyTorch's default {@code eta_min}. */
  public CosineAnnealingLR(int tMax) {
    this(tMax, 0);
  }

  /** @throws IllegalArgumentException for a tMax below 1 or a negative or non-finite etaMin */
  public CosineAnnealingLR(int tMax, double etaMin) {
    super("CosineAnnealingLR");
    if (tMax < 1) {
      throw new IllegalArgumentException("CosineAnnealingLR T_max must be at least 1, got " + tMax);
    }
    Schedules.requireFactor("CosineAnnealingLR eta_min", etaMin);
    this.tMax = tMax;
    this.etaMin = etaMin;
  }

  @Override
  double learningRateAt(int epoch, double baseLearningRate) {
    return etaMin + (baseLearningRate - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
  }

  @Override
  public String describe() {
    return "CosineAnnealingLR(T_max=" + tMax + ", eta_min=" + etaMin + ")";
  }
}
