package dev.nnc.runtime;

/**
 * One parameter tensor inside {@link Network#parameters()}.
 *
 * @param name a readable name such as {@code "dense1.weight"}
 * @param offset index of its first element in the flat parameter array
 * @param length number of elements
 * @param fanIn inputs feeding each output unit; PyTorch's default initialization draws from
 *     U(-1/sqrt(fanIn), 1/sqrt(fanIn))
 * @param role what the tensor is, which decides how it is initialized
 */
public record ParameterBlock(String name, int offset, int length, int fanIn, Role role) {

  /** What a parameter (or state) tensor is for, which decides its initial value. */
  public enum Role {
    /** Drawn from U(-1/sqrt(fanIn), 1/sqrt(fanIn)); L1/L2 regularization applies to these only. */
    WEIGHT,
    /** Drawn from U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    BIAS,
    /** BatchNorm's learnable scale (gamma): starts at 1. */
    SCALE,
    /** BatchNorm's learnable shift (beta): starts at 0. */
    SHIFT,
    /** BatchNorm's running mean (state): starts at 0. */
    RUNNING_MEAN,
    /** BatchNorm's running variance (state): starts at 1. */
    RUNNING_VARIANCE
  }
}
