package dev.nnc.runtime.optim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An {@link OptimizerState} checked against the optimizer restoring it: the same kind, and exactly the
 * buffers that optimizer keeps with its settings (none before the first step), all of one length.
 */
final class RestoredState {

  private final OptimizerState state;
  private final Map<String, float[]> buffers = new HashMap<>();

  /**
   * @param kind the restoring optimizer's kind, as in {@link OptimizerState#optimizer()}
   * @param kept the buffers that optimizer allocates on its first step, given its settings
   */
  RestoredState(OptimizerState state, String kind, List<String> kept) {
    if (!state.optimizer().equals(kind)) {
      throw new IllegalArgumentException(
          "cannot restore the state of a " + state.optimizer() + " optimizer into " + kind);
    }
    Hyperparameters.requireNonNegative(kind + " learning rate", state.learningRate());
    List<String> expected = state.step() == 0 ? List.of() : kept;
    if (!state.buffers().keySet().equals(new TreeSet<>(expected))) {
      throw new IllegalArgumentException("a " + kind + " state after " + state.step()
          + " steps with these settings holds the buffers " + expected + ", not "
          + List.copyOf(state.buffers().keySet()));
    }
    int length = -1;
    for (Map.Entry<String, float[]> entry : state.buffers().entrySet()) {
      if (length >= 0 && entry.getValue().length != length) {
        throw new IllegalArgumentException("the " + kind + " state's buffers differ in length");
      }
      length = entry.getValue().length;
      buffers.put(entry.getKey(), entry.getValue().clone());
    }
    this.state = state;
  }

  double learningRate() {
    return state.learningRate();
  }

  long step() {
    return state.step();
  }

  /** A private copy of the named buffer, or null before the first step. */
  float[] buffer(String name) {
    return buffers.get(name);
  }
}
