package dev.nnc.runtime.train;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.ParameterBlock;
import java.util.Random;

/** Sets a network's starting parameters. */
public final class Initializer {

  private Initializer() {}

  /**
   * PyTorch's default for {@code nn.Linear}: every weight and bias drawn from U(-1/sqrt(fanIn),
   * 1/sqrt(fanIn)) of its block. (For weights that is kaiming_uniform with a = sqrt(5).)
   *
   * <p>One {@link Random} seeded with {@code seed} supplies all values, block after block in layout
   * order and element after element within a block, so a seed always gives the same network. The
   * values are not those PyTorch draws, whose generator differs; only their distribution matches.
   */
  public static void initialize(Network net, long seed) {
    Random random = new Random(seed);
    float[] parameters = net.parameters();
    for (ParameterBlock block : net.parameterLayout()) {
      double bound = switch (block.role()) {
        case WEIGHT, BIAS -> uniformBound(block);
      };
      int end = block.offset() + block.length();
      for (int i = block.offset(); i < end; i++) {
        parameters[i] = (float) ((2 * random.nextDouble() - 1) * bound);
      }
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
