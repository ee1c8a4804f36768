package dev.nnc.runtime.train;

import dev.nnc.runtime.Network;

/**
 * Stops training when a monitored quantity has stopped improving, as Keras's
 * {@code EarlyStopping(monitor, min_delta, patience, mode, restore_best_weights)}, consulted by the
 * trainer after every epoch:
 *
 * <ul>
 *   <li>the first epoch always sets the best value; a later one improves on it when its value is below
 *       {@code best - minDelta} (mode min) or above {@code best + minDelta} (mode max);
 *   <li>training stops after {@code patience} epochs in a row without improvement (at once with
 *       patience 0);
 *   <li>with {@code restoreBest}, a copy of the parameters and state of the best epoch is kept and put
 *       back into the network when training ends, whether it stopped early or ran all its epochs
 *       (Keras 3's {@code restore_best_weights=True}).
 * </ul>
 *
 * <p>A NaN value never improves. An instance is stateful: use one per training run.
 */
public final class EarlyStopping {

  private final Monitor monitor;
  private final Mode mode;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBest;
  private double best;
  private int bestEpoch;
  private int wait;
  private int stoppedEpoch;
  private float[] bestParameters;
  private float[] bestState;

  /**
   * Keras's defaults besides the patience: the monitor's natural mode (min for losses, max for
   * accuracy), no minimum delta, and restoring the best weights (Keras's default is not to; nnc's is).
   */
  public EarlyStopping(Monitor monitor, int patience) {
    this(monitor, monitor.naturalMode(), patience, 0, true);
  }

  /**
   * @param minDelta the least change that counts as an improvement; its sign is ignored, as in Keras
   * @throws IllegalArgumentException for a negative patience or a non-finite minDelta
   */
  public EarlyStopping(Monitor monitor, Mode mode, int patience, double minDelta, boolean restoreBest) {
    if (patience < 0) {
      throw new IllegalArgumentException("early stopping patience must not be negative, got " + patience);
    }
    if (!Double.isFinite(minDelta)) {
      throw new IllegalArgumentException("early stopping min_delta must be a number, got " + minDelta);
    }
    this.monitor = monitor;
    this.mode = mode;
    this.patience = patience;
    this.minDelta = Math.abs(minDelta);
    this.restoreBest = restoreBest;
    start();
  }

  /** The quantity watched. */
  public Monitor monitor() {
    return monitor;
  }

  /** Whether the quantity improves by falling or by rising. */
  public Mode mode() {
    return mode;
  }

  /** Epochs in a row without improvement before training stops. */
  public int patience() {
    return patience;
  }

  /** The least change that counts as an improvement (non-negative). */
  public double minDelta() {
    return minDelta;
  }

  /** Whether the best epoch's weights are put back when training ends. */
  public boolean restoreBest() {
    return restoreBest;
  }

  /** Forgets any earlier run, as Keras's {@code on_train_begin}. */
  void start() {
    best = Double.NaN;
    bestEpoch = 0;
    wait = 0;
    stoppedEpoch = 0;
    bestParameters = null;
    bestState = null;
  }

  /**
   * Takes an epoch's monitored value, copying the network's weights if it is the best so far.
   *
   * @param epoch the epoch just finished, counted from 1
   * @return whether training should stop now
   */
  boolean update(int epoch, double value, Network net) {
    wait++;
    if (bestEpoch == 0 || isImprovement(value)) {
      best = value;
      bestEpoch = epoch;
      wait = 0;
      if (restoreBest) {
        bestParameters = net.parameters().clone();
        bestState = net.state().clone();
      }
      return false;
    }
    if (wait >= patience) {
      stoppedEpoch = epoch;
      return true;
    }
    return false;
  }

  private boolean isImprovement(double value) {
    return mode == Mode.MIN ? value + minDelta < best : value - minDelta > best;
  }

  /** Whether an earlier {@link #update} stopped training. */
  boolean stopped() {
    return stoppedEpoch > 0;
  }

  /**
   * With {@code restoreBest}, puts the best epoch's parameters and state back into the network.
   *
   * @return the restored epoch, or 0 if nothing was restored
   */
  int restoreBestInto(Network net) {
    if (!restoreBest || bestParameters == null) {
      return 0;
    }
    System.arraycopy(bestParameters, 0, net.parameters(), 0, bestParameters.length);
    System.arraycopy(bestState, 0, net.state(), 0, bestState.length);
    return bestEpoch;
  }

  /** The best value so far, NaN before the first epoch. */
  public double best() {
    return best;
  }

  /** The epoch with the best value, counted from 1; 0 before the first epoch. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The epoch after which training stopped, or 0. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** A copy of the progress, for a checkpoint. */
  EarlyStoppingState state() {
    float[] parameters = bestParameters == null ? new float[0] : bestParameters.clone();
    float[] stateCopy = bestState == null ? new float[0] : bestState.clone();
    return new EarlyStoppingState(best, bestEpoch, wait, stoppedEpoch, parameters, stateCopy);
  }

  /** Continues from a checkpoint's {@link #state()}, whose copies fit the network (checked by the caller). */
  void restore(EarlyStoppingState state) {
    best = state.best();
    bestEpoch = state.bestEpoch();
    wait = state.epochsWithoutImprovement();
    stoppedEpoch = state.stoppedEpoch();
    boolean keepsCopies = restoreBest && bestEpoch > 0;
    bestParameters = keepsCopies ? state.bestParameters().clone() : null;
    bestState = keepsCopies ? state.bestState().clone() : null;
  }

  /** In Keras's terms, e.g. {@code EarlyStopping(monitor=val_loss, mode=min, patience=5, ...)}. */
  public String describe() {
    return "EarlyStopping(monitor=" + monitor.key() + ", mode=" + mode.key() + ", patience=" + patience
        + ", min_delta=" + minDelta + ", restore_best_weights=" + (restoreBest ? "True" : "False") + ")";
  }
}
