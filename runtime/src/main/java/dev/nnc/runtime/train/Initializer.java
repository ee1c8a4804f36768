package dev.nnc.runtime.train;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.ParameterBlock;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Sets a network's starting parameters and state. */
public final class Initializer {

  private Initializer() {}

  /**
   * PyTorch's defaults: every weight and bias drawn from U(-1/sqrt(fanIn), 1/sqrt(fanIn)) of its block
   * (for {@code nn.Linear} weights that is kaiming_uniform with a = sqrt(5)); BatchNorm scales 1 and
   * shifts 0; in {@link Network#state()}, running means 0 and running variances 1.
   *
   * <p>One {@link Random} seeded with {@code seed} supplies the weights and biases, block after block in
   * layout order and element after element within a block, so a seed always gives the same network.
   * Scale and shift blocks draw nothing, so adding BatchNorm leaves the other layers' draws unchanged.
   * Parameters outside every block (the padding that puts a large model's tensors on cache lines) are
   * set to zero.
   * The values are not those PyTorch draws, whose generator differs; only their distribution matches.
   *
   * @throws IllegalArgumentException if a block lies outside its array, a weight or bias has a fan-in
   *     below 1, or a block's role belongs to the other layout (running statistics among the
   *     parameters, or trainable roles among the state)
   */
  public static void initialize(Network net, long seed) {
    Random random = new Random(seed);
    float[] parameters = net.parameters();
    // Padding between blocks (large models align each block to a cache line) stays zero.
    Arrays.fill(parameters, 0f);
    for (ParameterBlock block : net.parameterLayout()) {
      checkBounds("parameter", block, parameters.length);
      int from = block.offset();
      int to = from + block.length();
      switch (block.role()) {
        case WEIGHT, BIAS -> {
          double bound = uniformBound(block);
          for (int i = from; i < to; i++) {
            parameters[i] = (float) ((2 * random.nextDouble() - 1) * bound);
          }
        }
        case SCALE -> Arrays.fill(parameters, from, to, 1f);
        case SHIFT -> Arrays.fill(parameters, from, to, 0f);
        case RUNNING_MEAN, RUNNING_VARIANCE -> throw new IllegalArgumentException("parameter block "
            + block.name() + " has role " + block.role() + ", which belongs in the state layout");
      }
    }
    resetState(net.state(), net.stateLayout());
  }

  /** Running means 0 and running variances 1, as a fresh {@code nn.BatchNorm1d}. */
  private static void resetState(float[] state, List<ParameterBlock> layout) {
    for (ParameterBlock block : layout) {
      checkBounds("state", block, state.length);
      int from = block.offset();
      int to = from + block.length();
      switch (block.role()) {
        case RUNNING_MEAN -> Arrays.fill(state, from, to, 0f);
        case RUNNING_VARIANCE -> Arrays.fill(state, from, to, 1f);
        case WEIGHT, BIAS, SCALE, SHIFT -> throw new IllegalArgumentException("state block "
            + block.name() + " has role " + block.role() + ", which belongs in the parameter layout");
      }
    }
  }

  private static void checkBounds(String kind, ParameterBlock block, int arrayLength) {
    if (block.offset() < 0 || block.length() < 0 || block.offset() + block.length() > arrayLength) {
      throw new IllegalArgumentException(kind + " block " + block.name() + " covers ["
          + block.offset() + ", " + (block.offset() + block.length()) + "), outside the " + arrayLength
          + " values of the " + kind + " array");
    }
  }

  private static double uniformBound(ParameterBlock block) {
    if (block.fanIn() < 1) {
      throw new IllegalArgumentException(
          "parameter block " + block.name() + " has fan-in " + block.fanIn() + "; it must be at least 1");
    }
    return 1 / Math.sqrt(block.fanIn());
  }
}
