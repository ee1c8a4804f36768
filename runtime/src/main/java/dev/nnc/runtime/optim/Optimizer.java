package dev.nnc.runtime.optim;

/**
 * Updates parameters in place from their gradients. Implementations follow the matching
 * {@code torch.optim} class step for step, keeping their state (momentum, running averages) between
 * calls; state is allocated on the first step, for one parameter array of a fixed length.
 */
public interface Optimizer {

  /** Applies one update to {@code params}; {@code grads} is read, never changed. */
  void step(float[] params, float[] grads);

  /** The optimizer and its settings in PyTorch's terms, e.g. {@code Adam(lr=0.001, ...)}. */
  String describe();
}
