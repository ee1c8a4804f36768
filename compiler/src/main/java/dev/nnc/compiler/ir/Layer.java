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
      return "dense " + units + (activation == Activation.IDENTITY ? "" : " " + activation.keyword());
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
      return activation.keyword();
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

  /** Batch normalization over the features of a vector input. */
  record BatchNorm(Shape inputShape, Position position) implements Layer {
    @Override
    public Shape outputShape() {
      return inputShape;
    }

    @Override
    public int parameterCount() {
      return 2 * inputShape.size();
    }

    @Override
    public String describe() {
      return "batchnorm";
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
