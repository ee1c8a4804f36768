package dev.nnc.compiler.ir;

import dev.nnc.compiler.diag.Position;

/** One entry of the {@code network} block, with its inferred shapes. */
public sealed interface Layer
    permits Layer.Input, Layer.Dense, Layer.Act, Layer.Dropout, Layer.BatchNorm, Layer.Flatten {

  /** Shape of one sample entering the layer. */
  Shape inputShape();

  /** Shape of one sample leaving the layer. */
  Shape outputShape();

  /** Where the layer is written in the {@code .nn} file. */
  Position position();

  /** The layer as it would be written in a {@code .nn} file, e.g. {@code dense 16 relu}. */
  String describe();

  /** Number of trainable parameters. */
  default int parameterCount() {
    return 0;
  }

  /** The network's input: {@code input 2} or {@code input [1, 28, 28]}. */
  record Input(Shape outputShape, Position position) implements Layer {
    @Override
    public Shape inputShape() {
      return outputShape;
    }

    @Override
    public String describe() {
      return outputShape.rank() == 1 ? "input " + outputShape.dim(0) : "input " + outputShape;
    }
  }

  /** A fully connected layer {@code y = activation(x W + b)}; {@code IDENTITY} when none is given. */
  record Dense(Shape inputShape, int units, Activation activation, Position position) implements Layer {
    @Override
    public Shape outputShape() {
      return Shape.of(units);
    }

    public int inputs() {
      return inputShape.size();
    }

    @Override
    public int parameterCount() {
      return inputs() * units + units;
    }

    @Override
    public String describe() {
      return "dense " + units + (activation == Activation.IDENTITY ? "" : " " + activation.describe());
    }
  }

  /** An activation written as its own layer: {@code relu}. */
  record Act(Shape inputShape, Activation activation, Position position) implements Layer {
    @Override
    public Shape outputShape() {
      return inputShape;
    }

    @Override
    public String describe() {
      return activation.describe();
    }
  }

  /** Inverted dropout with the given drop probability (training only). */
  record Dropout(Shape inputShape, double rate, Position position) implements Layer {
    @Override
    public Shape outputShape() {
      return inputShape;
    }

    @Override
    public String describe() {
      return "dropout " + rate;
    }
  }

  /**
   * Batch normalization over the features of a vector input, as PyTorch's {@code BatchNorm1d}: batch
   * statistics in training (running averages updated with {@code momentum}), running averages in
   * evaluation, learnable scale and shift.
   */
  record BatchNorm(Shape inputShape, double momentum, double eps, Position position) implements Layer {
    public static final double DEFAULT_MOMENTUM = 0.1;
    public static final double DEFAULT_EPS = 1e-5;

    @Override
    public Shape outputShape() {
      return inputShape;
    }

    @Override
    public int parameterCount() {
      return 2 * inputShape.size();
    }

    /** Running mean and running variance per feature. */
    public int stateCount() {
      return 2 * inputShape.size();
    }

    @Override
    public String describe() {
      return momentum == DEFAULT_MOMENTUM && eps == DEFAULT_EPS
          ? "batchnorm" : "batchnorm(momentum = " + momentum + ", eps = " + eps + ")";
    }
  }

  /** Reshapes {@code [c, h, w]} to {@code [c*h*w]}; the memory layout does not change. */
  record Flatten(Shape inputShape, Position position) implements Layer {
    @Override
    public Shape outputShape() {
      return Shape.of(inputShape.size());
    }

    @Override
    public String describe() {
      return "flatten";
    }
  }
}
