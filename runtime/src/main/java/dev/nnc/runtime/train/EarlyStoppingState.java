package dev.nnc.runtime.train;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@link EarlyStopping}'s progress, for checkpoints.
 *
 * @param best the best monitored value so far, NaN before the first epoch
 * @param bestEpoch the epoch that reached it, counted from 1; 0 before the first epoch
 * @param epochsWithoutImprovement epochs since then (Keras's {@code wait})
 * @param stoppedEpoch the epoch after which training stopped, or 0 while it goes on
 * @param bestParameters a copy of the parameters after {@code bestEpoch}; empty unless the best
 *     weights are restored at the end
 * @param bestState a copy of the network's state after {@code bestEpoch}, likewise
 */
public record EarlyStoppingState(double best, int bestEpoch, int epochsWithoutImprovement, int stoppedEpoch,
    float[] bestParameters, float[] bestState) {

  /** @throws IllegalArgumentException for negative epoch counts */
  public EarlyStoppingState {
    Objects.requireNonNull(bestParameters, "bestParameters");
    Objects.requireNonNull(bestState, "bestState");
    if (bestEpoch < 0 || epochsWithoutImprovement < 0 || stoppedEpoch < 0) {
      throw new IllegalArgumentException("negative epoch count in an early stopping state");
    }
  }

  /** Equal when every field is, comparing the copies bit for bit. */
  @Override
  public boolean equals(Object other) {
    return other instanceof EarlyStoppingState that
        && Double.doubleToLongBits(best) == Double.doubleToLongBits(that.best)
        && bestEpoch == that.bestEpoch
        && epochsWithoutImprovement == that.epochsWithoutImprovement
        && stoppedEpoch == that.stoppedEpoch
        && Arrays.equals(bestParameters, that.bestParameters)
        && Arrays.equals(bestState, that.bestState);
  }

  @Override
  public int hashCode() {
    return Objects.hash(best, bestEpoch, epochsWithoutImprovement, stoppedEpoch, Arrays.hashCode(bestParameters),
        Arrays.hashCode(bestState));
  }

  @Override
  public String toString() {
    return "EarlyStoppingState[best=" + best + ", bestEpoch=" + bestEpoch + ", epochsWithoutImprovement=" + epochsWithoutImprovement
        + ", stoppedEpoch=" + stoppedEpoch + ", bestParameters=" + bestParameters.length
        + ", bestState=" + bestState.length + "]";
  }
}
