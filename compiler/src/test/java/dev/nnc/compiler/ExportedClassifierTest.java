package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.codegen.ExportOptions;
import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.compiler.codegen.NetworkGenerator;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.io.WeightsData;
import dev.nnc.runtime.io.WeightsFormatException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Exported classifiers compiled in memory against the training class of the same model and flavour,
 * given the same random weights, scaler and BatchNorm statistics: every answer must be the same bits,
 * for single samples and for batches that span several of the classifier's chunks. The Fashion-MNIST
 * sized network checks the class-file limits (its 235,146 parameters travel as Base64 constants).
 */
class ExportedClassifierTest {

  static final String MLP = """
      model Mlp
      network {
          input [1, 28, 28]
          flatten
          dense 256 relu
          dense 128 relu
          dense 10
      }
      train { loss cross_entropy }
      """;

  static final String EVERY_LAYER = """
      model EveryLayer
      data "x.csv" {
          features a, b, c, d, e, f
          label y classes red, green, blue
      }
      network {
          input 6
          dense 37 gelu
          batchnorm
          dropout 0.3
          dense 19
          tanh
          leaky_relu(0.1)
          dense 3 softmax
      }
      train { loss cross_entropy }
      """;

  static final String BINARY = """
      model Binary
      network {
          input 5
          dense 9 sigmoid
          dense 1 sigmoid
      }
      train { loss bce }
      """;

  static final String REGRESSION = """
      model Regression
      network {
          input 3
          dense 21 relu
          dense 2
      }
      train { loss mse }
      """;

  static List<Arguments> cases() {
    int preferred = CodegenOptions.preferredVectorBits();
    return List.of(
        Arguments.of("mlp", MLP, 0), Arguments.of("mlp", MLP, preferred),
        Arguments.of("every layer", EVERY_LAYER, 0), Arguments.of("every layer", EVERY_LAYER, preferred),
        Arguments.of("every layer, 256-bit", EVERY_LAYER, 256),
        Arguments.of("binary", BINARY, 0), Arguments.of("binary", BINARY, preferred),
        Arguments.of("regression", REGRESSION, 0), Arguments.of("regression", REGRESSION, preferred));
  }

  @ParameterizedTest(name = "{0}, {2} bits")
  @MethodSource("cases")
  void answersAreTheTrainingClassBits(String name, String text, int bits) throws Exception {
    ModelSpec model = check(text);
    Network net = TestModels.network(text, bits, 64);
    TestModels.randomize(net, 7);
    Random random = new Random(11);
    WeightsData weights = TestModels.weightsWithStatistics(net, random);
    int features = net.inputSize();

    GeneratedSource source = NncCompiler.exportClassifier(model, weights, "test.nnw",
        new ExportOptions("com.example", "Shipped", bits, List.of()));
    Map<String, byte[]> classes = InMemoryJavaCompiler.compile(source);
    for (Map.Entry<String, byte[]> file : classes.entrySet()) {
      ClassFiles.methodCodeLengths(file.getValue()).forEach((method, length) -> assertTrue(
          length < ClassFiles.HUGE_METHOD_LIMIT, file.getKey() + "." + method + ": " + length + " bytes"));
    }
    Class<?> shipped = InMemoryJavaCompiler.compileAndLoad(source);
    for (var field : shipped.getDeclaredFields()) {
      assertTrue(Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers()),
          field + " is not a constant: the classifier must keep no mutable state");
    }

    int rows = 300;  // more than one chunk of 256, and a partial one
    float[][] samples = new float[rows][features];
    float[] x = new float[rows * features];
    for (int s = 0; s < rows; s++) {
      for (int i = 0; i < features; i++) {
        samples[s][i] = (float) (random.nextGaussian() * 2);
        x[s * features + i] = (samples[s][i] - weights.scalerMean()[i]) / weights.scalerScale()[i];
      }
    }
    float[] expected = forward(net, x, rows);
    int width = net.outputSize();
    boolean regression = net.loss().name().equals("mse");
    boolean binary = net.loss().name().equals("bce");

    Object batch = call(shipped, regression ? "predict" : "probabilities", float[][].class, samples);
    for (int s = 0; s < rows; s++) {
      float[] want = expectedRow(expected, s, width, binary, text == MLP ? shipped : null);
      float[] got = regression ? rowOf(batch, s, width) : ((float[][]) batch)[s];
      float[] single = regression ? asRow(call(shipped, "predict", float[].class, samples[s]), width)
          : (float[]) call(shipped, "probabilities", float[].class, samples[s]);
      for (int k = 0; k < want.length; k++) {
        assertEquals(Float.floatToIntBits(want[k]), Float.floatToIntBits(got[k]),
            name + ": sample " + s + " value " + k + ": " + got[k] + " vs the network's " + want[k]);
        assertEquals(Float.floatToIntBits(want[k]), Float.floatToIntBits(single[k]), name + ": single sample " + s);
      }
      if (!regression) {
        int predicted = (int) call(shipped, "predict", float[].class, samples[s]);
        assertEquals(binary ? (want[1] >= 0.5f ? 1 : 0) : argmax(want), predicted, name + ": class of sample " + s);
      }
    }
    if (!regression) {
      @SuppressWarnings("unchecked")
      List<String> names = (List<String>) shipped.getField("CLASS_NAMES").get(null);
      assertEquals(text == EVERY_LAYER ? List.of("red", "green", "blue") : binary ? List.of("0", "1")
          : List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), names);
      assertThrows(UnsupportedOperationException.class, () -> names.set(0, "changed"), "class names are immutable");
    }
    var error = assertThrows(InvocationTargetException.class,
        () -> call(shipped, "predict", float[].class, new float[features + 1]));
    assertTrue(error.getCause() instanceof IllegalArgumentException
        && error.getCause().getMessage().equals("expected " + features + " features, got " + (features + 1)),
        String.valueOf(error.getCause()));
  }

  @Test
  void sameInputSameBytes() {
    ModelSpec model = check(EVERY_LAYER);
    Network net = TestModels.network(EVERY_LAYER, 0, 1);
    TestModels.randomize(net, 3);
    WeightsData weights = WeightsData.of(net, null);
    ExportOptions options = ExportOptions.scalar("", "EveryLayerClassifier");
    String first = NncCompiler.exportClassifier(model, weights, "w.nnw", options).source();
    assertEquals(first, NncCompiler.exportClassifier(check(EVERY_LAYER), weights, "w.nnw", options).source());
    assertFalse(first.contains("jdk.incubator.vector"), "the scalar flavour must not need the Vector API");
    assertFalse(first.contains("dev.nnc"), "the classifier must not depend on nnc");
  }

  @Test
  void threadsSharingTheClassGetTheAnswersOfOne() throws Exception {
    Network net = TestModels.network(EVERY_LAYER, 0, 1);
    TestModels.randomize(net, 5);
    Class<?> shipped = InMemoryJavaCompiler.compileAndLoad(NncCompiler.exportClassifier(check(EVERY_LAYER),
        WeightsData.of(net, null), "w.nnw", ExportOptions.scalar("", "Shared")));
    Method probabilities = shipped.getMethod("probabilities", float[].class);
    float[][] samples = new float[64][net.inputSize()];
    float[][] alone = new float[samples.length][];
    Random random = new Random(2);
    for (int s = 0; s < samples.length; s++) {
      for (int i = 0; i < samples[s].length; i++) {
        samples[s][i] = (float) random.nextGaussian();
      }
      alone[s] = (float[]) probabilities.invoke(null, (Object) samples[s]);
    }
    // Four threads, each walking the samples from a different start: a shared scratch array would mix them.
    List<java.util.concurrent.Callable<Boolean>> walkers = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int offset = t * 16;
      walkers.add(() -> {
        for (int round = 0; round < 300; round++) {
          for (int k = 0; k < samples.length; k++) {
            int s = (k + offset) % samples.length;
            if (!java.util.Arrays.equals(alone[s], (float[]) probabilities.invoke(null, (Object) samples[s]))) {
              return false;
            }
          }
        }
        return true;
      });
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (var result : pool.invokeAll(walkers)) {
        assertTrue(result.get(), "a thread got another answer than a single thread did");
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void manyFeatureNamesTravelAsOneConstant() throws Exception {
    List<String> names = java.util.stream.IntStream.rangeClosed(1, 70).mapToObj(i -> "f\"" + i).toList();
    String text = "model Wide\ndata \"w.csv\" {\n features "
        + String.join(", ", names.stream().map(n -> "\"" + n.replace("\"", "\\\"") + "\"").toList())
        + "\n label y\n}\nnetwork {\n input 70\n dense 1\n}\ntrain { loss mse }\n";
    Network net = TestModels.network(text, 0, 1);
    GeneratedSource source = NncCompiler.exportClassifier(check(text), WeightsData.of(net, null), "w.nnw",
        ExportOptions.scalar("", "Wide"));
    Class<?> wide = InMemoryJavaCompiler.compileAndLoad(source);
    assertEquals(names, wide.getField("FEATURE_NAMES").get(null));
  }

  @Test
  void weightsOfAnotherModelAreRefused() {
    Network net = TestModels.network(BINARY, 0, 1);
    WeightsData weights = WeightsData.of(net, null);
    var error = assertThrows(WeightsFormatException.class, () -> NncCompiler.exportClassifier(check(REGRESSION),
        weights, "binary.nnw", ExportOptions.scalar("", "Wrong")));
    assertTrue(error.getMessage().contains("binary.nnw") && error.getMessage().contains("'Binary'"),
        error.getMessage());
  }

  @Test
  void namesJavaRejectsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ExportOptions.scalar("com.example", "class"));
    assertThrows(IllegalArgumentException.class, () -> ExportOptions.scalar("com..example", "Good"));
    assertThrows(IllegalArgumentException.class, () -> ExportOptions.scalar("", "Has Space"));
    // valid Java names that would hide a type the classifier's code names: Math.max, FloatVector variables
    for (String hiding : List.of("Math", "FloatVector", "VectorMask")) {
      var error = assertThrows(IllegalArgumentException.class, () -> ExportOptions.scalar("", hiding));
      assertTrue(error.getMessage().contains("'" + hiding + "' would hide"), error.getMessage());
    }
    assertEquals("com.example.Good", ExportOptions.scalar("com.example", "Good").qualifiedName());
  }

  @Test
  void fingerprintIsTheTrainingClasses() {
    assertEquals(TestModels.network(BINARY, 0, 1).fingerprint(), NetworkGenerator.fingerprint(check(BINARY)));
  }

  private static ModelSpec check(String text) {
    try {
      return NncCompiler.check(SourceFile.of("test.nn", text));
    } catch (CompileException e) {
      throw new AssertionError(e.render(), e);
    }
  }

  /** The network's outputs in evaluation mode, in batches of its maximum. */
  private static float[] forward(Network net, float[] x, int rows) {
    net.setTraining(false);
    int features = net.inputSize();
    int width = net.outputSize();
    float[] out = new float[rows * width];
    for (int from = 0; from < rows; from += net.maxBatch()) {
      int n = Math.min(net.maxBatch(), rows - from);
      net.forward(java.util.Arrays.copyOfRange(x, from * features, (from + n) * features), n);
      System.arraycopy(net.output(), 0, out, from * width, n * width);
    }
    return out;
  }

  /** What the classifier should return for sample {@code s}: values, or class probabilities. */
  /**
   * Sample {@code s} of the network's output as the classifier should answer it; for a network that ends
   * in logits ({@code softmaxOf} not null), their softmax, computed as the classifier does, with its exp
   * (whose accuracy ExpHelperTest checks).
   */
  private static float[] expectedRow(float[] out, int s, int width, boolean binary, Class<?> softmaxOf)
      throws ReflectiveOperationException {
    if (binary) {
      return new float[] {1f - out[s], out[s]};
    }
    float[] row = java.util.Arrays.copyOfRange(out, s * width, (s + 1) * width);
    if (softmaxOf != null) {
      Method exp = softmaxOf.getDeclaredMethod("exp", float.class);
      exp.setAccessible(true);
      float max = row[0];
      for (float v : row) {
        max = Math.max(max, v);
      }
      float sum = 0f;
      for (int k = 0; k < width; k++) {
        row[k] = (float) exp.invoke(null, row[k] - max);
        sum += row[k];
      }
      float inverse = 1f / sum;
      for (int k = 0; k < width; k++) {
        row[k] *= inverse;
      }
    }
    return row;
  }

  private static float[] rowOf(Object batch, int s, int width) {
    return width == 1 ? new float[] {((float[]) batch)[s]} : ((float[][]) batch)[s];
  }

  private static float[] asRow(Object value, int width) {
    return width == 1 ? new float[] {(float) value} : (float[]) value;
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int k = 1; k < values.length; k++) {
      if (values[k] > values[best]) {
        best = k;
      }
    }
    return best;
  }

  private static Object call(Class<?> type, String name, Class<?> parameter, Object argument) throws Exception {
    Method method = type.getMethod(name, parameter);
    return method.invoke(null, argument);
  }
}
