package dev.nnc.runtime.train;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.ParameterBlock;

/**
 * L1 and L2 penalties on the weights, as Keras's {@code kernel_regularizer=L1L2(l1, l2)}: the loss
 * gains {@code l1 * sum|w| + l2 * sum w^2} over every {@link ParameterBlock.Role#WEIGHT} block, and the
 * gradient {@code l1 * sign(w) + 2 * l2 * w}. Biases, BatchNorm scales and shifts are not penalized.
 *
 * <p>Unlike an optimizer's {@code weight_decay} (PyTorch's {@code l2 * w} on every parameter), this is
 * part of the loss, so the penalty is reported next to it and gradient clipping sees it.
 */
public final class Regularization {

  private final double l1;
  private final double l2;

  /** @throws IllegalArgumentException unless both factors are finite and non-negative */
  public Regularization(double l1, double l2) {
    requireFactor("L1", l1);
    requireFactor("L2", l2);
    this.l1 = l1;
    this.l2 = l2;
  }

  /** An L1 penalty only. */
  public static Regularization l1(double factor) {
    return new Regularization(factor, 0);
  }

  /** An L2 penalty only. */
  public static Regularization l2(double factor) {
    return new Regularization(0, factor);
  }

  /** The L1 factor. */
  public double l1() {
    return l1;
  }

  /** The L2 factor. */
  public double l2() {
    return l2;
  }

  /** The penalty for the network's current weights: {@code l1 * sum|w| + l2 * sum w^2}, summed in double. */
  public double penalty(Network net) {
    float[] parameters = net.parameters();
    double absoluteSum = 0;
    double squareSum = 0;
    for (ParameterBlock block : net.parameterLayout()) {
      if (block.role() != ParameterBlock.Role.WEIGHT) {
        continue;
      }
      int end = block.offset() + block.length();
      for (int i = block.offset(); i < end; i++) {
        double w = parameters[i];
        absoluteSum += Math.abs(w);
        squareSum += w * w;
      }
    }
    return l1 * absoluteSum + l2 * squareSum;
  }

  /**
   * Adds the penalty's gradient to {@link Network#gradients()}: {@code l1 * sign(w) + 2 * l2 * w}, with
   * sign(0) = 0 as TensorFlow's.
   */
  public void addGradients(Network net) {
    float[] parameters = net.parameters();
    float[] gradients = net.gradients();
    float l1Factor = (float) l1;
    float l2Factor = (float) (2 * l2);
    for (ParameterBlock block : net.parameterLayout()) {
      if (block.role() != ParameterBlock.Role.WEIGHT) {
        continue;
      }
      int end = block.offset() + block.length();
      for (int i = block.offset(); i < end; i++) {
        float w = parameters[i];
        gradients[i] = gradients[i] + l1Factor * Math.signum(w) + l2Factor * w;
      }
    }
  }

  /** In Keras's terms, e.g. {@code L1L2(l1=0.0, l2=0.01)}. */
  public String describe() {
    return "L1L2(l1=" + l1 + ", l2=" + l2 + ")";
  }

  private static void requireFactor(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          name + " regularization factor must be a non-negative number, got " + value);
    }
  }
}
