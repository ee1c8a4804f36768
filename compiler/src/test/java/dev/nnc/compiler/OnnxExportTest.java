package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.nnc.compiler.codegen.ExportOptions;
import dev.nnc.compiler.codegen.OnnxWriter;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.io.WeightsData;
import dev.nnc.runtime.train.Initializer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ONNX exports run by ONNX Runtime (its Java API) give the exported Java classifier's answers within
 * 1e-5, on random weights, BatchNorm statistics and scaler, for every kind of layer and output.
 */
class OnnxExportTest {

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "every layer", "binary", "regression"})
  void onnxRuntimeAgreesWithTheExportedClassifier(String name) throws Exception {
    String text = switch (name) {
      case "mlp" -> ExportedClassifierTest.MLP;
      case "every layer" -> ExportedClassifierTest.EVERY_LAYER;
      case "binary" -> ExportedClassifierTest.BINARY;
      default -> ExportedClassifierTest.REGRESSION;
    };
    ModelSpec model = check(text);
    Network net = TestModels.network(text, 0, 1);
    // PyTorch's initialization, scaled by fan-in: logits stay O(1), as a trained network's do, and a
    // float's last bit in them stays far below the 1e-5 compared.
    Initializer.initialize(net, 7);
    Random random = new Random(11);
    WeightsData weights = TestModels.weightsWithStatistics(net, random);
    int features = net.inputSize();
    Class<?> classifier = InMemoryJavaCompiler.compileAndLoad(NncCompiler.exportClassifier(model, weights, "w.nnw",
        ExportOptions.scalar("", "Shipped")));

    int rows = 100;
    float[][] samples = new float[rows][features];
    float[] flat = new float[rows * features];
    for (int s = 0; s < rows; s++) {
      for (int i = 0; i < features; i++) {
        samples[s][i] = (float) (random.nextGaussian() * 2);
        flat[s * features + i] = samples[s][i];
      }
    }
    boolean regression = name.equals("regression");
    Object java = classifier.getMethod(regression ? "predict" : "probabilities", float[][].class)
        .invoke(null, (Object) samples);

    long[] inputShape = new long[model.inputShape().rank() + 1];
    inputShape[0] = rows;
    for (int i = 1; i < inputShape.length; i++) {
      inputShape[i] = model.inputShape().dim(i - 1);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(OnnxWriter.write(model, weights, "w.nnw"), new OrtSession.SessionOptions());
        OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), inputShape);
        OrtSession.Result result = session.run(Map.of("input", input))) {
      String output = session.getOutputNames().iterator().next();
      assertEquals(name.equals("binary") ? "probability" : regression ? "output" : "probabilities", output);
      float[][] onnx = (float[][]) result.get(0).getValue();
      double worst = 0;
      for (int s = 0; s < rows; s++) {
        float[] want = regression ? (float[]) ((float[][]) java)[s]
            : name.equals("binary") ? new float[] {((float[][]) java)[s][1]} : ((float[][]) java)[s];
        assertEquals(want.length, onnx[s].length, "outputs per sample");
        for (int k = 0; k < want.length; k++) {
          worst = Math.max(worst, Math.abs(want[k] - onnx[s][k]));
          assertTrue(Math.abs(want[k] - onnx[s][k]) <= 1e-5 * Math.max(1, Math.abs(want[k])),
              name + ": sample " + s + " output " + k + ": ONNX Runtime " + onnx[s][k] + ", the classifier " + want[k]);
        }
      }
      System.out.printf("ONNX %s: largest difference from the Java classifier %.2g%n", name, worst);
    }
  }

  private static ModelSpec check(String text) {
    try {
      return NncCompiler.check(SourceFile.of("test.nn", text));
    } catch (CompileException e) {
      throw new AssertionError(e.render(), e);
    }
  }
}
