package dev.nnc.compiler.codegen;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.nnc.compiler.ir.Activation;
import dev.nnc.compiler.ir.Layer;
import dev.nnc.compiler.ir.LossKind;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.compiler.ir.Shape;
import dev.nnc.runtime.io.WeightsData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * A trained model as a standard ONNX model (opset 13), weights included, for Netron and ONNX Runtime:
 * input {@code "input"} of shape {@code [N, ...the model's input shape]} with raw feature values (the
 * scaler is the graph's first nodes, as in the exported Java classifier), one node per layer in
 * evaluation mode, and the classifier's answer as output: {@code "probabilities"} {@code [N, classes]}
 * for a softmax classifier (a Softmax node is added after logits), {@code "probability"} {@code [N, 1]}
 * of class 1 for a binary one, {@code "output"} for regression.
 */
public final class OnnxWriter {

  /** The operator set written: Gemm, BatchNormalization and Softmax in their opset-13 forms. */
  public static final int OPSET = 13;

  private static final long IR_VERSION = 7;

  private final ModelSpec model;
  private final WeightsData weights;
  private final NetworkPlan plan;
  private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();

  private OnnxWriter(NetworkPlan plan, WeightsData weights) {
    this.model = plan.model();
    this.weights = weights;
    this.plan = plan;
  }

  /**
   * The serialized ONNX model.
   *
   * @throws dev.nnc.runtime.io.WeightsFormatException if the weights belong to another model
   */
  public static byte[] write(ModelSpec model, WeightsData weights, String weightsName) {
    NetworkPlan plan = new NetworkPlan(model, 0, 32);
    ClassifierGenerator.checkCompatible(plan, weights, weightsName);
    return new OnnxWriter(plan, weights).build().toByteArray();
  }

  private OnnxMl.ModelProto build() {
    graph.setName(model.name()).setDocString("Exported by nnc from " + plan.fileName());
    Shape shape = model.inputShape();
    graph.addInput(valueInfo("input", shape));
    String x = "input";
    if (weights.scalerMean().length > 0) {
      graph.addInitializer(tensor("scaler.mean", dims(shape), weights.scalerMean(), 0, shape.size()));
      graph.addInitializer(tensor("scaler.scale", dims(shape), weights.scalerScale(), 0, shape.size()));
      x = node("Sub", "scale.subtract_mean", List.of(x, "scaler.mean"));
      x = node("Div", "scale.divide", List.of(x, "scaler.scale"));
    }
    for (Step step : plan.steps()) {
      x = layer(step, x);
    }
    LossKind loss = model.train() == null ? null : model.train().loss();
    String output;
    if (loss == LossKind.CROSS_ENTROPY) {
      if (model.outputActivation() != Activation.SOFTMAX) {
        x = node("Softmax", "softmax", List.of(x), attribute("axis", 1));
      }
      output = "probabilities";
    } else {
      output = loss == LossKind.BCE ? "probability" : "output";
    }
    x = node("Identity", output, List.of(x));
    graph.addOutput(valueInfo(x, model.outputShape()));
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("nnc")
        .setProducerVersion("0.1.0")
        .setDomain("dev.nnc")
        .setDocString(model.signature())
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph)
        .build();
  }

  /** One layer's nodes, reading {@code x}; returns the name of the layer's output. */
  private String layer(Step step, String x) {
    Layer layer = step.layer();
    String name = step.name();
    if (layer instanceof Layer.Flatten) {
      return node("Flatten", name, List.of(x), attribute("axis", 1));
    }
    if (layer instanceof Layer.Dropout dropout) {
      graph.addInitializer(scalar(name + ".ratio", (float) dropout.rate()));
      return node("Dropout", name, List.of(x, name + ".ratio"));  // training_mode defaults to false
    }
    if (layer instanceof Layer.Act act) {
      return activation(act.activation(), name, x);
    }
    if (layer instanceof Layer.BatchNorm norm) {
      int features = norm.inputShape().size();
      long[] dims = {features};
      graph.addInitializer(tensor(name + ".weight", dims, weights.parameters(), offset(step, "SCALE"), features));
      graph.addInitializer(tensor(name + ".bias", dims, weights.parameters(), offset(step, "SHIFT"), features));
      graph.addInitializer(tensor(name + ".running_mean", dims, weights.state(), offset(step, "RUNNING_MEAN"),
          features));
      graph.addInitializer(tensor(name + ".running_var", dims, weights.state(), offset(step, "RUNNING_VARIANCE"),
          features));
      return node("BatchNormalization", name, List.of(x, name + ".weight", name + ".bias", name + ".running_mean",
          name + ".running_var"), attribute("epsilon", (float) norm.eps()),
          attribute("momentum", (float) (1 - norm.momentum())));
    }
    Layer.Dense dense = (Layer.Dense) layer;
    graph.addInitializer(tensor(name + ".weight", new long[] {dense.inputs(), dense.units()}, weights.parameters(),
        offset(step, "WEIGHT"), dense.inputs() * dense.units()));
    graph.addInitializer(tensor(name + ".bias", new long[] {dense.units()}, weights.parameters(), offset(step, "BIAS"),
        dense.units()));
    // nnc keeps W input-major, [in][out]: Y = X W + b is Gemm without transposes.
    String z = node("Gemm", dense.activation() == Activation.IDENTITY ? name : name + ".linear",
        List.of(x, name + ".weight", name + ".bias"));
    return dense.activation() == Activation.IDENTITY ? z : activation(dense.activation(), name, z);
  }

  private String activation(Activation activation, String name, String x) {
    return switch (activation.kind()) {
      case IDENTITY -> x;
      case RELU -> node("Relu", name, List.of(x));
      case SIGMOID -> node("Sigmoid", name, List.of(x));
      case TANH -> node("Tanh", name, List.of(x));
      case SOFTMAX -> node("Softmax", name, List.of(x), attribute("axis", 1));
      case LEAKY_RELU -> node("LeakyRelu", name, List.of(x), attribute("alpha", (float) activation.slope()));
      case GELU -> {
        // The exact GELU, x Phi(x) = x (1 + erf(x / sqrt 2)) / 2: opset 13 has Erf but no Gelu.
        graph.addInitializer(scalar(name + ".sqrt2", (float) Math.sqrt(2)));
        graph.addInitializer(scalar(name + ".one", 1f));
        graph.addInitializer(scalar(name + ".half", 0.5f));
        String scaled = node("Div", name + ".div", List.of(x, name + ".sqrt2"));
        String erf = node("Erf", name + ".erf", List.of(scaled));
        String plusOne = node("Add", name + ".add", List.of(erf, name + ".one"));
        String times = node("Mul", name + ".mul", List.of(x, plusOne));
        yield node("Mul", name, List.of(times, name + ".half"));
      }
    };
  }

  private int offset(Step step, String tensor) {
    return plan.offset(step.offset(tensor));
  }

  /** Adds a node whose one output is named after it; returns that name. */
  private String node(String op, String name, List<String> inputs, OnnxMl.AttributeProto... attributes) {
    graph.addNode(OnnxMl.NodeProto.newBuilder()
        .setOpType(op)
        .setName(name)
        .addAllInput(inputs)
        .addOutput(name)
        .addAllAttribute(Arrays.asList(attributes)));
    return name;
  }

  private static OnnxMl.AttributeProto attribute(String name, long value) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
        .setI(value).build();
  }

  private static OnnxMl.AttributeProto attribute(String name, float value) {
    return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
        .setF(value).build();
  }

  private static long[] dims(Shape shape) {
    long[] dims = new long[shape.rank()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.dim(i);
    }
    return dims;
  }

  private static OnnxMl.TensorProto tensor(String name, long[] dims, float[] values, int from, int length) {
    ByteBuffer bytes = ByteBuffer.allocate(length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values, from, length);
    OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
        .setName(name)
        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
        .setRawData(ByteString.copyFrom(bytes.array()));
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    return tensor.build();
  }

  private static OnnxMl.TensorProto scalar(String name, float value) {
    return tensor(name, new long[0], new float[] {value}, 0, 1);
  }

  /** A float tensor {@code [N, ...shape]}, N the batch. */
  private static OnnxMl.ValueInfoProto valueInfo(String name, Shape shape) {
    OnnxMl.TensorShapeProto.Builder dims = OnnxMl.TensorShapeProto.newBuilder()
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
    for (long size : dims(shape)) {
      dims.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(size));
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
            .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
            .setShape(dims)))
        .build();
  }
}
