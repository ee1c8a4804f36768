package dev.nnc.compiler.ir;

import dev.nnc.compiler.diag.Position;
import dev.nnc.compiler.diag.SourceFile;
import java.util.List;

/**
 * The checked, typed form of a {@code .nn} file: what code generation and training work from.
 *
 * @param name the model name as written
 * @param position where the name is written
 * @param javaName a valid Java class name derived from {@code name}
 * @param source the file it came from
 * @param data the data binding, or null if the file has none
 * @param layers the layer stack, starting with its input, shapes inferred
 * @param train training settings, or null if the file has none
 * @param tune the hyperparameter search, or null if the file has none
 */
public record ModelSpec(
    String name, Position position, String javaName, SourceFile source, DataSpec data, List<Layer> layers, TrainSpec train,
    TuneSpec tune) {

  public Shape inputShape() {
    return layers.get(0).outputShape();
  }

  public Shape outputShape() {
    return layers.get(layers.size() - 1).outputShape();
  }

  public int parameterCount() {
    return layers.stream().mapToInt(Layer::parameterCount).sum();
  }

  /** The activation producing the network's output (IDENTITY if the last layer has none). */
  public Activation outputActivation() {
    Layer last = layers.get(layers.size() - 1);
    if (last instanceof Layer.Dense dense) {
      return dense.activation();
    }
    return last instanceof Layer.Act act ? act.activation() : Activation.IDENTITY;
  }

  /**
   * True when the loss reads the output layer's logits instead of its activations: sigmoid + BCE and
   * softmax (or no activation) + cross-entropy, which the compiler fuses into the stable form.
   */
  public boolean lossFusedWithOutput() {
    return switch (train.loss()) {
      case BCE -> outputActivation() == Activation.SIGMOID;
      case CROSS_ENTROPY -> outputActivation() == Activation.SOFTMAX
          || outputActivation() == Activation.IDENTITY;
      case MSE, MAE, HUBER -> false;
    };
  }

  /**
   * A canonical description of every layer's kind and shape; weights files are keyed by its hash.
   */
  public String signature() {
    StringBuilder out = new StringBuilder();
    for (Layer layer : layers) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(layer.describe().replace(' ', ':')).append(layer.outputShape());
    }
    return out.toString().replace(", ", "x");
  }
}
