package dev.nnc.compiler.codegen;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nnc.compiler.NncCompiler;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.io.WeightsData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an ONNX model of a multilayer perceptron (as PyTorch's {@code torch.onnx.export} writes one) into
 * a {@code .nn} file and the weights for it, so a network trained elsewhere ships as an nnc classifier.
 * The graph must be a chain: Gemm (or MatMul + Add), Relu, LeakyRelu, Sigmoid, Tanh, Softmax,
 * BatchNormalization, Dropout, Flatten, Identity. Any other operator is an error naming it and its node.
 */
public final class OnnxImporter {

  /** The operators a chain may hold. */
  public static final List<String> SUPPORTED = List.of("Gemm", "MatMul", "MatMul + Add", "Relu", "LeakyRelu", "Sigmoid",
      "Tanh", "Softmax", "BatchNormalization", "Dropout", "Flatten", "Identity");

  /** An ONNX file nnc cannot import, with the reason. */
  public static final class ImportException extends RuntimeException {
    public ImportException(String message) {
      super(message);
    }
  }

  /**
   * The imported model.
   *
   * @param text the {@code .nn} file
   * @param weights its parameters and BatchNorm statistics, in nnc's layout, without a scaler
   */
  public record Imported(String text, WeightsData weights) {}

  /** A layer as it will be written, with the tensors it brings. */
  private record Piece(String line, float[][] parameters, float[][] state) {}

  private final String displayName;
  private final Map<String, float[]> initializers = new HashMap<>();
  private final Map<String, List<Long>> dims = new HashMap<>();
  private final List<Piece> pieces = new ArrayList<>();

  private OnnxImporter(String displayName) {
    this.displayName = displayName;
  }

  /**
   * Reads {@code onnx} and writes model {@code modelName}.
   *
   * @param displayName how messages name the file
   * @throws ImportException for a file that is not ONNX, or a graph nnc cannot express
   */
  public static Imported read(byte[] onnx, String displayName, String modelName) {
    return new OnnxImporter(displayName).convert(onnx, modelName);
  }

  private ImportException error(String message) {
    return new ImportException(displayName + ": error: " + message);
  }

  private Imported convert(byte[] bytes, String modelName) {
    OnnxMl.ModelProto model;
    try {
      model = OnnxMl.ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw error("not an ONNX model (" + e.getMessage() + ")");
    }
    OnnxMl.GraphProto graph = model.getGraph();
    if (graph.getNodeCount() == 0) {
      throw error("not an ONNX model: its graph has no nodes");
    }
    for (OnnxMl.TensorProto tensor : graph.getInitializerList()) {
      initializers.put(tensor.getName(), floats(tensor));
      dims.put(tensor.getName(), tensor.getDimsList());
    }
    OnnxMl.ValueInfoProto input = graph.getInputList().stream()
        .filter(value -> !initializers.containsKey(value.getName()))
        .findFirst()
        .orElseThrow(() -> error("the graph has no input"));
    String inputLine = inputLine(input);

    String current = input.getName();
    List<OnnxMl.NodeProto> nodes = graph.getNodeList();
    for (int i = 0; i < nodes.size(); i++) {
      OnnxMl.NodeProto node = nodes.get(i);
      if (node.getInputCount() == 0 || !node.getInput(0).equals(current)) {
        throw error("node '" + node.getName() + "' (" + node.getOpType() + ") does not read the previous node's"
            + " output: only a chain of layers can be imported");
      }
      OnnxMl.NodeProto next = i + 1 < nodes.size() ? nodes.get(i + 1) : null;
      if (node.getOpType().equals("MatMul") && next != null && next.getOpType().equals("Add")) {
        dense(node, next);
        current = next.getOutput(0);
        i++;
        continue;
      }
      layer(node);
      current = node.getOutput(0);
    }

    String loss = lossFor();
    StringBuilder text = new StringBuilder()
        .append("# Imported by nnc from ").append(NetworkPlan.baseName(displayName)).append(" (ONNX opset ")
        .append(model.getOpsetImportCount() > 0 ? model.getOpsetImport(0).getVersion() : 0)
        .append(model.getProducerName().isEmpty() ? "" : ", written by " + sanitize(model.getProducerName()) + " "
            + sanitize(model.getProducerVersion())).append(").\n")
        .append("model ").append(modelName).append("\n\nnetwork {\n    ").append(inputLine).append('\n');
    for (Piece piece : pieces) {
      text.append("    ").append(piece.line()).append('\n');
    }
    text.append("}\n\ntrain {\n    loss ").append(loss)
        .append("    # from the output layer; set the optimizer and the rest to train it further\n}\n");
    return new Imported(text.toString(), weights(text.toString()));
  }

  private String inputLine(OnnxMl.ValueInfoProto input) {
    List<OnnxMl.TensorShapeProto.Dimension> shape = input.getType().getTensorType().getShape().getDimList();
    if (shape.size() != 2 && shape.size() != 4) {
      throw error("input '" + input.getName() + "' has " + shape.size() + " dimensions; nnc imports [batch, features]"
          + " and [batch, channels, height, width]");
    }
    List<Long> sizes = new ArrayList<>();
    for (OnnxMl.TensorShapeProto.Dimension dim : shape.subList(1, shape.size())) {
      if (!dim.hasDimValue() || dim.getDimValue() < 1) {
        throw error("input '" + input.getName() + "' has a dimension of unknown size besides the batch");
      }
      sizes.add(dim.getDimValue());
    }
    return sizes.size() == 1 ? "input " + sizes.get(0)
        : "input [" + sizes.get(0) + ", " + sizes.get(1) + ", " + sizes.get(2) + "]";
  }

  private void layer(OnnxMl.NodeProto node) {
    switch (node.getOpType()) {
      case "Gemm" -> gemm(node);
      case "MatMul" -> dense(node, null);
      case "Relu" -> activation("relu");
      case "Sigmoid" -> activation("sigmoid");
      case "Tanh" -> activation("tanh");
      case "LeakyRelu" -> activation("leaky_relu(" + number(floatAttribute(node, "alpha", 0.01f)) + ")");
      case "Softmax" -> {
        long axis = intAttribute(node, "axis", -1);
        if (axis != 1 && axis != -1) {
          throw error("node '" + node.getName() + "': Softmax over axis " + axis + "; nnc's is over the features");
        }
        activation("softmax");
      }
      case "BatchNormalization" -> batchNorm(node);
      case "Dropout" -> {
        float ratio = node.getInputCount() > 1 && !node.getInput(1).isEmpty()
            ? tensor(node, node.getInput(1))[0] : floatAttribute(node, "ratio", 0.5f);
        pieces.add(new Piece("dropout " + number(ratio), new float[0][], new float[0][]));
      }
      case "Flatten" -> {
        if (intAttribute(node, "axis", 1) != 1) {
          throw error("node '" + node.getName() + "': Flatten must keep the batch axis (axis = 1)");
        }
        pieces.add(new Piece("flatten", new float[0][], new float[0][]));
      }
      case "Identity" -> { }
      default -> throw error("unsupported operator '" + node.getOpType() + "' in node '" + node.getName()
          + "' (nnc imports " + String.join(", ", SUPPORTED) + ")");
    }
  }

  /** Y = alpha A B' + beta C with A the input: a dense layer when alpha = beta = 1 and A is not transposed. */
  private void gemm(OnnxMl.NodeProto node) {
    if (floatAttribute(node, "alpha", 1f) != 1f || floatAttribute(node, "beta", 1f) != 1f
        || intAttribute(node, "transA", 0) != 0 || node.getInputCount() < 2) {
      throw error("node '" + node.getName() + "': only Gemm(input, W, b) with alpha = beta = 1 and no transA is a"
          + " dense layer");
    }
    boolean transposed = intAttribute(node, "transB", 0) == 1;
    float[] w = tensor(node, node.getInput(1));
    List<Long> shape = dims.get(node.getInput(1));
    int in = (int) (long) shape.get(transposed ? 1 : 0);
    int out = (int) (long) shape.get(transposed ? 0 : 1);
    float[] b = node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? tensor(node, node.getInput(2)) : new float[out];
    addDense(node, in, out, transposed ? transpose(w, out, in) : w, b);
  }

  /**
   * MatMul(input, W), then Add(that, b) when {@code add} is not null: PyTorch's export of a Linear layer
   * in some versions (without a bias, the MatMul alone).
   */
  private void dense(OnnxMl.NodeProto matMul, OnnxMl.NodeProto add) {
    float[] w = tensor(matMul, matMul.getInput(1));
    List<Long> shape = dims.get(matMul.getInput(1));
    if (shape.size() != 2 || add != null && (!add.getInput(0).equals(matMul.getOutput(0)) || add.getInputCount() != 2)) {
      throw error("node '" + matMul.getName() + "': only MatMul(input, W), optionally followed by Add(that, b), is a"
          + " dense layer");
    }
    int in = (int) (long) shape.get(0);
    int out = (int) (long) shape.get(1);
    addDense(matMul, in, out, w, add == null ? new float[out] : tensor(add, add.getInput(1)));
  }

  private void addDense(OnnxMl.NodeProto node, int in, int out, float[] w, float[] b) {
    if (w.length != in * out || b.length != out) {
      throw error("node '" + node.getName() + "': weights of " + w.length + " and biases of " + b.length
          + " values do not make a " + in + " x " + out + " layer");
    }
    pieces.add(new Piece("dense " + out, new float[][] {w, b}, new float[0][]));
  }

  /** An activation: fused into the dense layer just before it when that one has none yet. */
  private void activation(String keyword) {
    int last = pieces.size() - 1;
    if (last >= 0 && pieces.get(last).line().matches("dense \\d+")) {
      Piece dense = pieces.get(last);
      pieces.set(last, new Piece(dense.line() + " " + keyword, dense.parameters(), dense.state()));
    } else {
      pieces.add(new Piece(keyword, new float[0][], new float[0][]));
    }
  }

  private void batchNorm(OnnxMl.NodeProto node) {
    if (node.getInputCount() != 5 || node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
      throw error("node '" + node.getName() + "': only BatchNormalization in inference form (5 inputs, 1 output)");
    }
    float epsilon = floatAttribute(node, "epsilon", 1e-5f);
    // ONNX's momentum weighs the old running value (0.9); PyTorch's and nnc's weigh the new batch (0.1).
    float momentum = 1f - floatAttribute(node, "momentum", 0.9f);
    String rounded = new java.math.BigDecimal(momentum).round(new java.math.MathContext(6)).stripTrailingZeros()
        .toPlainString();
    pieces.add(new Piece("batchnorm(momentum = " + rounded + ", eps = " + number(epsilon) + ")",
        new float[][] {tensor(node, node.getInput(1)), tensor(node, node.getInput(2))},
        new float[][] {tensor(node, node.getInput(3)), tensor(node, node.getInput(4))}));
  }

  private String lossFor() {
    String last = pieces.isEmpty() ? "" : pieces.get(pieces.size() - 1).line();
    return last.endsWith("softmax") ? "cross_entropy" : last.endsWith("sigmoid") ? "bce" : "mse";
  }

  /** Lays the tensors out as nnc's generated class does, by compiling the text just written. */
  private WeightsData weights(String text) {
    ModelSpec model;
    try {
      model = NncCompiler.check(SourceFile.of(NetworkPlan.baseName(displayName), text));
    } catch (CompileException e) {
      throw error("the imported network is not a valid nnc model:\n" + e.render());
    }
    NetworkPlan plan = new NetworkPlan(model, 0, 32);
    float[] parameters = new float[plan.parameterArrayLength()];
    float[] state = new float[plan.stateCount()];
    List<float[]> parameterTensors = new ArrayList<>();
    List<float[]> stateTensors = new ArrayList<>();
    for (Piece piece : pieces) {
      parameterTensors.addAll(List.of(piece.parameters()));
      stateTensors.addAll(List.of(piece.state()));
    }
    place(plan.parameters(), parameterTensors, parameters, plan);
    place(plan.stateTensors(), stateTensors, state, plan);
    return new WeightsData(model.name(), model.signature(), NetworkGenerator.fingerprint(model), new float[0],
        new float[0], parameters, state);
  }

  /** The plan's tensors, in order, are the pieces' tensors in order: copies each to its offset. */
  private void place(List<NetworkPlan.Tensor> planned, List<float[]> values, float[] target, NetworkPlan plan) {
    if (planned.size() != values.size()) {
      throw new IllegalStateException(planned.size() + " tensors planned for " + values.size() + " imported");
    }
    for (int i = 0; i < planned.size(); i++) {
      NetworkPlan.Tensor tensor = planned.get(i);
      if (tensor.length() != values.get(i).length) {
        throw error(tensor.step().layer().describe() + " needs " + tensor.length() + " values for its "
            + tensor.suffix().toLowerCase(Locale.ROOT) + " but the file has " + values.get(i).length);
      }
      System.arraycopy(values.get(i), 0, target, plan.offset(tensor), tensor.length());
    }
  }

  private float[] tensor(OnnxMl.NodeProto node, String name) {
    float[] values = initializers.get(name);
    if (values == null) {
      throw error("node '" + node.getName() + "' (" + node.getOpType() + "): '" + name
          + "' is not a constant of the file; nnc imports trained weights, not computed ones");
    }
    return values;
  }

  private float[] floats(OnnxMl.TensorProto tensor) {
    if (tensor.getDataType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
      // Shapes and other integer constants are not weights; they are never read as such.
      return new float[0];
    }
    if (!tensor.getRawData().isEmpty()) {
      ByteBuffer bytes = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      float[] values = new float[bytes.remaining() / Float.BYTES];
      bytes.asFloatBuffer().get(values);
      return values;
    }
    float[] values = new float[tensor.getFloatDataCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = tensor.getFloatData(i);
    }
    return values;
  }

  /** W as [out][in] (PyTorch's Linear) to nnc's input-major [in][out]. */
  private static float[] transpose(float[] w, int rows, int columns) {
    float[] t = new float[w.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        t[c * rows + r] = w[r * columns + c];
      }
    }
    return t;
  }

  private static float floatAttribute(OnnxMl.NodeProto node, String name, float otherwise) {
    return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).map(OnnxMl.AttributeProto::getF)
        .findFirst().orElse(otherwise);
  }

  private static long intAttribute(OnnxMl.NodeProto node, String name, long otherwise) {
    return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).map(OnnxMl.AttributeProto::getI)
        .findFirst().orElse(otherwise);
  }

  /** A float as the .nn file writes it: the shortest text that reads back as the same float. */
  private static String number(float value) {
    return Float.toString(value).replace("E", "e");
  }

  private static String sanitize(String text) {
    return text.replaceAll("[^A-Za-z0-9._+-]", "_");
  }
}
