package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.ir.Activation;
import dev.nnc.compiler.ir.LossKind;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.StandardScaler;
import dev.nnc.runtime.io.WeightsData;
import dev.nnc.runtime.io.WeightsFile;
import dev.nnc.runtime.train.Trainer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every model in models/, trained, exported with {@code nnc export} in both flavours, compiled by the
 * JDK's plain {@code javac} in an empty folder with nothing on the class path, and run by a plain
 * {@code java} over its whole test split: the classifier's answers must be the trained network's.
 *
 * <p>Each flavour is compared with the network generated in the same flavour (scalar with scalar, SIMD
 * with SIMD), which runs the same kernels in the same order: every class, probability and value must
 * be the same bits (the issue allows 1e-6; the exports do better, and a change that loses that shows).
 */
class ExportTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"student.nn", "iris.nn", "diabetes.nn", "fashion_mnist.nn", "fashion_mnist_bn.nn"})
  void exportedClassifierAgreesWithTheTrainedNetworkOnTheTestSplit(String name) throws Exception {
    Trained trained = train(name);
    Path samples = writeSamples(trained.raw());

    for (String vector : List.of("none", "preferred")) {
      int bits = Options.vectorBits(vector);
      float[] expected = trained.outputs(bits);

      Path work = Files.createDirectories(dir.resolve("export-" + vector));
      Cli.Run export = Cli.run("export", trained.model(), "--weights", trained.weights(), "--package", "shipped",
          "--class", "Shipped", "--vector", vector, "-o", work.resolve("src"));
      assertEquals(0, export.code(), export.describe());
      Path source = work.resolve("src/shipped/Shipped.java");
      assertTrue(Files.isRegularFile(source), export.describe());
      Path driver = Cli.write(work.resolve("src/Driver.java"), driver(trained.spec()));

      List<String> modules = bits == 0 ? List.of() : List.of("--add-modules", "jdk.incubator.vector");
      Path classes = Files.createDirectories(work.resolve("classes"));
      List<String> javac = new ArrayList<>(List.of(tool("javac"), "-nowarn", "-d", classes.toString(), "-cp",
          classes.toString()));
      // The scalar flavour promises any JDK 11+: hold it to Java 11's language and API.
      javac.addAll(bits == 0 ? List.of("--release", "11") : modules);
      javac.addAll(List.of(source.toString(), driver.toString()));
      exec(work, javac);
      Path results = work.resolve("results.bin");
      List<String> java = new ArrayList<>(List.of(tool("java")));
      java.addAll(modules);
      java.addAll(List.of("-cp", classes.toString(), "Driver", samples.toString(), results.toString()));
      exec(work, java);

      compare(trained.spec(), trained.spec().outputShape().size(), expected, trained.raw().rows(),
          ByteBuffer.wrap(Files.readAllBytes(results))
          .order(ByteOrder.LITTLE_ENDIAN), name + " (--vector " + vector + ")", expOf(classes));
    }
  }

  /**
   * {@code nnc export --format onnx}, run by ONNX Runtime's Java API over the raw test split, against the
   * trained network's classes and probabilities (or values), to 1e-5: BatchNorm and Dropout included.
   */
  @ParameterizedTest
  @ValueSource(strings = {"student.nn", "iris.nn", "diabetes.nn", "fashion_mnist.nn", "fashion_mnist_bn.nn"})
  void onnxExportRunsInOnnxRuntimeWithTheTrainedNetworksAnswers(String name) throws Exception {
    Trained trained = train(name);
    Path onnx = dir.resolve("out/model.onnx");
    Cli.Run export = Cli.run("export", trained.model(), "--weights", trained.weights(), "--format", "onnx", "-o",
        onnx);
    assertEquals(0, export.code(), export.describe());
    ModelSpec spec = trained.spec();
    Dataset raw = trained.raw();
    float[] expected = trained.outputs(0);
    int width = spec.outputShape().size();

    long[] shape = new long[spec.inputShape().rank() + 1];
    shape[0] = raw.rows();
    for (int i = 1; i < shape.length; i++) {
      shape[i] = spec.inputShape().dim(i - 1);
    }
    ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
    try (ai.onnxruntime.OrtSession session = env.createSession(onnx.toString(), new ai.onnxruntime.OrtSession.SessionOptions());
        ai.onnxruntime.OnnxTensor input = ai.onnxruntime.OnnxTensor.createTensor(env,
            java.nio.FloatBuffer.wrap(raw.features(), 0, raw.rows() * raw.featureCount()), shape);
        ai.onnxruntime.OrtSession.Result result = session.run(java.util.Map.of("input", input))) {
      float[][] got = (float[][]) result.get(0).getValue();
      boolean binary = classifier(spec) && spec.train().loss() == LossKind.BCE;
      for (int s = 0; s < raw.rows(); s++) {
        float[] want = !classifier(spec) ? java.util.Arrays.copyOfRange(expected, s * width, (s + 1) * width)
            : binary ? new float[] {expected[s]} : probabilities(spec, expected, s, width, Math::exp);
        assertEquals(want.length, got[s].length, name + ": outputs per sample");
        for (int k = 0; k < want.length; k++) {
          assertTrue(Math.abs(want[k] - got[s][k]) <= 1e-5 * Math.max(1, Math.abs(want[k])), name + ": sample " + s
              + " output " + k + ": ONNX Runtime " + got[s][k] + ", the network " + want[k]);
        }
      }
    }
  }

  /**
   * A model of models/ trained by {@code nnc train}, with its test split unscaled (what an export takes)
   * and scaled (what the network takes).
   */
  private record Trained(Path model, Path weights, ModelFile file, Dataset raw, Dataset scaled) {
    ModelSpec spec() {
      return file.model();
    }

    /** The trained network's outputs on the test split, with kernels {@code bits} wide (0: scalar). */
    float[] outputs(int bits) {
      Network net = file.instantiate(new CodegenOptions("dev.nnc.models", bits), 256);
      WeightsFile.loadInto(net, weights, weights.toString());
      net.setTraining(false);
      return Trainer.predictAll(net, scaled);
    }
  }

  private Trained train(String name) {
    Path model = Cli.modelsDir().resolve(name);
    boolean fashion = name.startsWith("fashion");
    if (fashion) {
      assumeTrue(Files.isDirectory(DataSetsTest.FASHION_MNIST) || System.getenv("NNC_REQUIRE_DATASETS") != null,
          "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    }
    Path weights = dir.resolve("trained.nnw");
    // One epoch is enough for Fashion-MNIST here: the tests are about exports, not the accuracy.
    Cli.Run train = fashion ? Cli.run("train", model, "-o", weights, "--epochs", 1)
        : Cli.run("train", model, "-o", weights);
    assertEquals(0, train.code(), train.describe());
    ModelFile file = ModelFile.load(model);
    WeightsData trained = WeightsFile.load(weights, weights.toString());
    Dataset raw = PreparedData.load(file, StandardScaler.identity(file.model().inputShape().size())).test();
    Dataset scaled = PreparedData.load(file, trained.scaler().orElse(null)).test();
    assertTrue(raw.rows() > 0, "no test rows");
    return new Trained(model, weights, file, raw, scaled);
  }

  /** The raw test features: rows, columns, then the values, little-endian. */
  private Path writeSamples(Dataset raw) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(8 + raw.rows() * raw.featureCount() * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putInt(raw.rows()).putInt(raw.featureCount());
    for (int i = 0; i < raw.rows() * raw.featureCount(); i++) {
      bytes.putFloat(raw.features()[i]);
    }
    return Files.write(dir.resolve("samples.bin"), bytes.array());
  }

  private static boolean classifier(ModelSpec spec) {
    LossKind loss = spec.train().loss();
    return loss == LossKind.BCE || loss == LossKind.CROSS_ENTROPY;
  }

  /**
   * A Java 11 program that runs the classifier's batch API over every sample, then its single-sample
   * API over each one, and writes what they return.
   */
  private static String driver(ModelSpec spec) {
    String body = classifier(spec)
        ? """
            int[] classes = Shipped.predict(samples);
            float[][] probabilities = Shipped.probabilities(samples);
            for (int s = 0; s < rows; s++) {
              out.putInt(classes[s]);
              for (float p : probabilities[s]) out.putFloat(p);
            }
            for (int s = 0; s < rows; s++) {
              out.putInt(Shipped.predict(samples[s]));
              for (float p : Shipped.probabilities(samples[s])) out.putFloat(p);
            }
            if (!Shipped.CLASS_NAMES.get(Shipped.predict(samples[0])).equals(Shipped.predictName(samples[0]))) {
              throw new AssertionError("predictName disagrees with predict");
            }
            """
        : """
            float[] values = Shipped.predict(samples);
            for (int s = 0; s < rows; s++) out.putFloat(values[s]);
            for (int s = 0; s < rows; s++) out.putFloat(Shipped.predict(samples[s]));
            """;
    return """
        import java.nio.ByteBuffer;
        import java.nio.ByteOrder;
        import java.nio.file.Files;
        import java.nio.file.Paths;
        import shipped.Shipped;

        public class Driver {
          public static void main(String[] args) throws Exception {
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(Paths.get(args[0]))).order(ByteOrder.LITTLE_ENDIAN);
            int rows = in.getInt();
            int columns = in.getInt();
            if (columns != Shipped.FEATURE_COUNT || Shipped.FEATURE_NAMES.size() != columns) {
              throw new AssertionError(columns + " columns for " + Shipped.FEATURE_COUNT + " features");
            }
            float[][] samples = new float[rows][columns];
            for (int s = 0; s < rows; s++) {
              for (int c = 0; c < columns; c++) samples[s][c] = in.getFloat();
            }
            ByteBuffer out = ByteBuffer.allocate(2 * rows * 4 * 16).order(ByteOrder.LITTLE_ENDIAN);
        %s
            Files.write(Paths.get(args[1]), java.util.Arrays.copyOf(out.array(), out.position()));
          }
        }
        """.formatted(body.indent(4));
  }

  /** The driver's results, batch then single samples, against the network's: the same bits throughout. */
  private static void compare(ModelSpec spec, int width, float[] expected, int rows, ByteBuffer results, String what,
      DoubleUnaryOperator exp) {
    boolean binary = spec.train().loss() == LossKind.BCE;
    for (int pass = 0; pass < 2; pass++) {
      String api = pass == 0 ? "batch" : "single-sample";
      for (int s = 0; s < rows; s++) {
        if (!classifier(spec)) {
          assertBits(expected[s], results.getFloat(), what + ", " + api + " sample " + s);
          continue;
        }
        float[] want = probabilities(spec, expected, s, width, exp);
        int wantClass = binary ? (want[1] >= 0.5f ? 1 : 0) : argmax(want);
        assertEquals(wantClass, results.getInt(), what + ", " + api + " sample " + s + ": class");
        for (float p : want) {
          assertBits(p, results.getFloat(), what + ", " + api + " sample " + s + ": probability");
        }
      }
    }
    assertEquals(0, results.remaining(), what + ": the driver wrote more than expected");
  }

  private static void assertBits(float want, float got, String what) {
    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), what + ": " + got + ", the network " + want);
  }

  /**
   * The exported classifier's own float exp, which its softmax of logits uses (ExpHelperTest checks its
   * accuracy), loaded from {@code classes}; Math.exp where the classifier has none.
   */
  private static DoubleUnaryOperator expOf(Path classes) throws Exception {
    // Left open: the class may load more of its own classes when it first runs.
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()});
    Method exp;
    try {
      exp = Class.forName("shipped.Shipped", false, loader).getDeclaredMethod("exp", float.class);
    } catch (NoSuchMethodException e) {
      return Math::exp;
    }
    exp.setAccessible(true);
    return x -> {
      try {
        return (float) exp.invoke(null, (float) x);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    };
  }

  /**
   * The network's class probabilities for sample {@code s}: its outputs, softmaxed with {@code exp} when
   * they are logits.
   */
  private static float[] probabilities(ModelSpec spec, float[] outputs, int s, int width, DoubleUnaryOperator exp) {
    if (spec.train().loss() == LossKind.BCE) {
      return new float[] {1f - outputs[s], outputs[s]};
    }
    float[] p = java.util.Arrays.copyOfRange(outputs, s * width, (s + 1) * width);
    if (spec.outputActivation() != Activation.SOFTMAX) {
      // the float softmax every nnc class uses (max, exp, sum, one division), so the bits can agree
      float max = p[0];
      for (float v : p) {
        max = Math.max(max, v);
      }
      float sum = 0f;
      for (int k = 0; k < width; k++) {
        p[k] = (float) exp.applyAsDouble(p[k] - max);
        sum += p[k];
      }
      float inverse = 1f / sum;
      for (int k = 0; k < width; k++) {
        p[k] *= inverse;
      }
    }
    return p;
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

  private static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  private static void exec(Path work, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
    builder.environment().remove("CLASSPATH");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "timed out: " + command);
    assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
  }
}
