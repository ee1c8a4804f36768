package dev.nnc.runtime.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything an {@link Optimizer} carries from one step to the next, for checkpoints: the counterpart
 * of PyTorch's {@code optimizer.state_dict()}. Restoring it into a fresh optimizer of the same kind and
 * settings makes the following steps bit-identical to those of the optimizer it was taken from.
 *
 * <p>The buffers use PyTorch's state names ({@code momentum_buffer}, {@code exp_avg},
 * {@code exp_avg_sq}, {@code square_avg}, {@code grad_avg}); a buffer is absent until the step that
 * allocates it. The arrays are copied on construction and must not be changed through
 * {@link #buffers()}.
 *
 * @param optimizer the optimizer's kind as PyTorch names it, e.g. {@code "Adam"}; restoring checks it
 * @param learningRate the current learning rate, which schedules change (PyTorch keeps it in
 *     {@code param_groups})
 * @param step the number of steps taken
 * @param buffers per-parameter state arrays by name, sorted by name
 */
public record OptimizerState(String optimizer, double learningRate, long step,
    SortedMap<String, float[]> buffers) {

  /** @throws IllegalArgumentException for a negative step count */
  public OptimizerState {
    Objects.requireNonNull(optimizer, "optimizer");
    if (step < 0) {
      throw new IllegalArgumentException("negative optimizer step count " + step);
    }
    TreeMap<String, float[]> copy = new TreeMap<>();
    for (Map.Entry<String, float[]> entry : buffers.entrySet()) {
      copy.put(entry.getKey(), entry.getValue().clone());
    }
    buffers = Collections.unmodifiableSortedMap(copy);
  }

  /** The named buffer, or null if this state has none of that name. */
  public float[] buffer(String name) {
    return buffers.get(name);
  }

  /** Equal when every field is, comparing the buffers bit for bit. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof OptimizerState that)
        || !optimizer.equals(that.optimizer)
        || Double.doubleToLongBits(learningRate) != Double.doubleToLongBits(that.learningRate)
        || step != that.step
        || !buffers.keySet().equals(that.buffers.keySet())) {
      return false;
    }
    for (Map.Entry<String, float[]> entry : buffers.entrySet()) {
      if (!Arrays.equals(entry.getValue(), that.buffers.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = Objects.hash(optimizer, learningRate, step);
    for (Map.Entry<String, float[]> entry : buffers.entrySet()) {
      hash = 31 * hash + entry.getKey().hashCode() * 17 + Arrays.hashCode(entry.getValue());
    }
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("OptimizerState[").append(optimizer).append(", lr=")
        .append(learningRate).append(", step=").append(step);
    buffers.forEach((name, values) -> text.append(", ").append(name).append('[').append(values.length)
        .append(']'));
    return text.append(']').toString();
  }
}
