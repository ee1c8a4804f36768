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

  /** What a parameter tensor is for. */
  public enum Role {
    WEIGHT,
    BIAS
  }
}
