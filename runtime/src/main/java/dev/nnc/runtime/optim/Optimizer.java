package dev.nnc.runtime.optim;

import dev.nnc.runtime.parallel.ParameterSplit;
import dev.nnc.runtime.parallel.WorkerTeam;

/**
 * Updates parameters in place from their gradients. Implementations follow the matching
 * {@code torch.optim} class step for step, keeping their state (momentum, running averages) between
 * calls; state is allocated on the first step, for one parameter array of a fixed length.
 */
public interface Optimizer {

  /** Applies one update to {@code params}; {@code grads} is read, never changed. */
  void step(float[] params, float[] grads);

  /**
   * The same update with its element-wise work split across {@code workers} (null: this thread), for
   * optimizers that split it; the result is the same bits either way.
   */
  default void step(float[] params, float[] grads, WorkerTeam workers) {
    step(params, grads);
  }

  /**
   * The same update split across {@code workers} as {@code split} says, so that each thread updates the
   * parameters its cache already holds (see {@link ParameterSplit}); the same bits again.
   */
  default void step(float[] params, float[] grads, WorkerTeam workers, ParameterSplit split) {
    step(params, grads, workers);
  }

  /** The optimizer and its settings in PyTorch's terms, e.g. {@code Adam(lr=0.001, ...)}. */
  String describe();

  /** The learning rate the next {@link #step} uses. */
  double learningRate();

  /**
   * Changes the learning rate for the following steps, as a schedule does by writing
   * {@code param_group["lr"]}. Zero is allowed (a cosine schedule ends there).
   *
   * @throws IllegalArgumentException for a negative or non-finite rate
   */
  void setLearningRate(double learningRate);

  /** A copy of everything the next steps depend on besides the settings, for a checkpoint. */
  OptimizerState state();

  /**
   * Continues from a saved {@link #state()}: the learning rate, the step count and the buffers.
   *
   * @throws IllegalArgumentException if the state is another optimizer's, or its buffers do not fit
   *     this optimizer's settings (e.g. no momentum buffer is kept without momentum)
   */
  void restore(OptimizerState state);
}
