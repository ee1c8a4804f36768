package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.codegen.OnnxImporter;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.runtime.Network;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A PyTorch MLP with BatchNorm and Dropout, exported by torch.onnx.export (src/test/resources/onnx/,
 * made by make_fixture.py there), imported as a .nn file and weights: nnc's network then gives
 * PyTorch's outputs to 1e-5.
 */
class OnnxImportTest {

  static final Path FIXTURE = Path.of("src/test/resources/onnx");

  @ParameterizedTest(name = "{0}-bit kernels")
  @ValueSource(ints = {0, 512})
  void importedNetworkGivesPyTorchsOutputs(int bits) throws Exception {
    OnnxImporter.Imported imported = OnnxImporter.read(Files.readAllBytes(FIXTURE.resolve("mlp_bn.onnx")),
        "mlp_bn.onnx", "MlpBn");
    assertTrue(imported.text().contains("""
        network {
            input 4
            dense 16
            batchnorm(momentum = 0.1, eps = 1.0e-5)
            relu
            dense 8 tanh
            dense 3 softmax
        }
        """), imported.text());
    assertTrue(imported.text().contains("loss cross_entropy"), imported.text());

    Network net = TestModels.network(imported.text(), bits, 16);
    assertEquals(net.fingerprint(), imported.weights().fingerprint());
    imported.weights().copyParametersInto(net);
    net.setTraining(false);
    List<String> lines = Files.readAllLines(FIXTURE.resolve("mlp_bn.expected.txt"), StandardCharsets.UTF_8);
    int checked = 0;
    for (String line : lines) {
      if (line.startsWith("#")) {
        continue;
      }
      String[] halves = line.split("\\|");
      float[] x = floats(halves[0]);
      float[] want = floats(halves[1]);
      float[] out = new float[net.outputSize()];
      net.predict(x, out);
      for (int k = 0; k < want.length; k++) {
        assertEquals(want[k], out[k], 1e-5, "sample " + checked + " output " + k);
      }
      checked++;
    }
    assertEquals(10, checked);
  }

  @Test
  void anUnsupportedOperatorIsNamedWithItsNode() throws Exception {
    OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(FIXTURE.resolve("mlp_bn.onnx")));
    OnnxMl.ModelProto.Builder changed = model.toBuilder();
    changed.getGraphBuilder().getNodeBuilder(4).setOpType("Elu");
    var error = assertThrows(OnnxImporter.ImportException.class,
        () -> OnnxImporter.read(changed.build().toByteArray(), "changed.onnx", "Changed"));
    assertTrue(error.getMessage().startsWith("changed.onnx: error: unsupported operator 'Elu' in node '/5/Tanh'"),
        error.getMessage());
  }

  @Test
  void aMatMulWithoutAddIsADenseLayerWithoutBias() {
    float[] w = {1f, 2f, 3f, 4f, 5f, 6f};  // [2][3], input-major as MatMul(x, W) reads it
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(w);
    OnnxMl.TypeProto.Tensor.Builder type = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(1)
        .setShape(OnnxMl.TensorShapeProto.newBuilder()
            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(2)));
    OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setGraph(OnnxMl.GraphProto.newBuilder()
        .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("x").setType(OnnxMl.TypeProto.newBuilder()
            .setTensorType(type)))
        .addInitializer(OnnxMl.TensorProto.newBuilder().setName("W").setDataType(1).addDims(2).addDims(3)
            .setRawData(com.google.protobuf.ByteString.copyFrom(bytes.array())))
        .addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").setName("mm").addInput("x").addInput("W")
            .addOutput("y"))).build();
    OnnxImporter.Imported imported = OnnxImporter.read(model.toByteArray(), "mm.onnx", "Mm");
    assertTrue(imported.text().contains("    input 2\n    dense 3\n}"), imported.text());
    assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f, 0f, 0f, 0f}, imported.weights().parameters());
  }

  @Test
  void aFileThatIsNotOnnxSaysSo() {
    var error = assertThrows(OnnxImporter.ImportException.class,
        () -> OnnxImporter.read("model Student\n".getBytes(StandardCharsets.UTF_8), "student.nn", "Student"));
    assertTrue(error.getMessage().startsWith("student.nn: error: not an ONNX model"), error.getMessage());
  }

  private static float[] floats(String text) {
    String[] parts = text.trim().split("\\s+");
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Float.parseFloat(parts[i]);
    }
    return values;
  }
}
