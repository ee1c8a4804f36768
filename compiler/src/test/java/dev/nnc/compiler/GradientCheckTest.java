package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.check.GradientCheck;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated backward pass against central finite differences, on every parameter, for several
 * architectures and every kernel flavour (scalar, 256-bit vectors for 16 and 32 registers, 512-bit).
 * {@link InjectedBugTest} shows that this check fails when backward is wrong.
 */
class GradientCheckTest {

  static final GradientCheck CHECK = new GradientCheck(2e-4, 2e-2);
  /** Not a multiple of any tile's rows: every product runs both its tile and its row kernel. */
  static final int BATCH = 11;

  static final String DEEP = """
      model Deep
      network { input 5; dense 7 tanh; dense 6 sigmoid; dense 3 softmax }
      train { loss cross_entropy }
      """;

  static final String STUDENT = """
      model Student
      network { input 2; dense 16 relu; dense 1 sigmoid }
      train { loss bce }
      """;

  static Stream<Arguments> models() {
    List<String> texts = List.of(
        STUDENT,
        DEEP,
        // Activations as their own layers, a loss that is not fused (mse through sigmoid).
        """
        model Separate
        network { input 5; dense 7; tanh; dense 3; sigmoid }
        train { loss mse }
        """,
        // Logits straight into cross-entropy; wide layers exercise vector groups and scalar tails.
        """
        model Wide
        network { input 21; dense 37 relu; dense 70 tanh; dense 4 }
        train { loss cross_entropy }
        """,
        // Widths that leave partial tiles everywhere: 13 weight rows, 37 = 2 vectors and a masked 5 (512-bit).
        """
        model Tiled
        network { input 13; dense 37 relu; dense 9 tanh; dense 3 softmax }
        train { loss cross_entropy }
        """,
        // Whole vectors at 512 bits (64 and 80 columns): 6 x 4 tiles, the short 4 x 4 tiles after them
        // (10 weight rows = 6 + 4, a batch of 11 = 6 + 4 + a row) and a tile tail of one vector.
        """
        model Blocked
        network { input 10; dense 64 tanh; dense 80 sigmoid; dense 3 softmax }
        train { loss cross_entropy }
        """,
        // A rank-3 input flattened, regression output.
        """
        model Flat
        network { input [2, 3, 3]; flatten; dense 17 sigmoid; dense 1 }
        train { loss mse }
        """,
        // Softmax as a separate layer fused with the loss; bce over several sigmoid outputs.
        """
        model Multi
        network { input 3; dense 8 relu; dense 5; softmax }
        train { loss cross_entropy }
        """,
        """
        model MultiLabel
        network { input 3; dense 9 tanh; dense 4 sigmoid }
        train { loss bce }
        """,
        // LeakyReLU and GELU, fused into dense layers and as layers of their own.
        """
        model Leaky
        network { input 6; dense 19 leaky_relu(0.2); dense 7 gelu; leaky_relu; dense 5; gelu; dense 2 }
        train { loss mse }
        """,
        // BatchNorm in training mode (batch statistics) before and after activations, with dropout
        // (its mask is fixed between the check's forward passes because the seed does not change).
        """
        model Normalized
        network { input 8; batchnorm; dense 21; batchnorm; relu; dropout 0.3; dense 9 tanh; batchnorm(momentum = 0.2, eps = 1e-3); dense 3 softmax }
        train { loss cross_entropy }
        """,
        // The regression losses of the cheat sheet's family: mae and huber.
        """
        model Absolute
        network { input 4; dense 11 tanh; dense 1 }
        train { loss mae }
        """,
        """
        model Robust
        network { input 4; dense 11 sigmoid; dense 2 }
        train { loss huber(delta = 0.5) }
        """);
    // Scalar code, 256-bit kernels shaped for AVX2's 16 registers and for AVX-512's 32, 512-bit ones.
    int[][] flavours = {{0, 32}, {256, 16}, {256, 32}, {512, 32}};
    return texts.stream().flatMap(text -> Arrays.stream(flavours).map(f -> Arguments.of(text, f[0], f[1])));
  }

  @ParameterizedTest(name = "[{index}] {1}-bit, {2} registers")
  @MethodSource("models")
  void backwardMatchesFiniteDifferences(String text, int bits, int registers) {
    Network net = TestModels.network(text, bits, registers, BATCH);
    TestModels.randomize(net, 1);
    net.reseed(99);
    float[] x = TestModels.inputs(BATCH, net.inputSize(), 2);
    float[] y = TestModels.targets(net, BATCH, 3);

    List<GradientCheck.Mismatch> mismatches = CHECK.run(net, x, y, BATCH);

    assertEquals(List.of(), mismatches, text);
    // The check is only meaningful if the gradients are not all zero.
    float[] g = net.gradients();
    double norm = 0;
    for (float v : g) {
      norm += v * v;
    }
    assertTrue(norm > 1e-6, "gradient is zero");
  }

  @ParameterizedTest(name = "[{index}] {1}-bit, {2} registers")
  @MethodSource("models")
  void smallerBatchesUseOnlyTheirRows(String text, int bits, int registers) {
    // Backward over 3 of 5 rows must equal a network built for exactly 3.
    Network big = TestModels.network(text, bits, registers, BATCH);
    Network small = TestModels.network(text, bits, registers, 3);
    TestModels.randomize(big, 1);
    TestModels.randomize(small, 1);
    float[] x = TestModels.inputs(BATCH, big.inputSize(), 2);
    float[] y = TestModels.targets(big, BATCH, 3);
    for (Network net : List.of(big, small)) {
      net.forward(x, 3);
      net.loss().lossAndGradient(net.lossInput(), y, 3, net.outputSize(), net.lossGradient());
      net.backward(x, 3);
    }
    assertArrayEqualsBits(small.gradients(), big.gradients());
  }

  @ParameterizedTest(name = "[{index}] {1}-bit, {2} registers")
  @MethodSource("models")
  void vectorAndScalarFlavoursAgree(String text, int bits, int registers) {
    GeneratedSource source = TestModels.generate(text, bits, registers);
    Network vector = TestModels.instantiate(source, BATCH);
    Network scalar = TestModels.network(text, 0, BATCH);
    TestModels.randomize(vector, 4);
    TestModels.randomize(scalar, 4);
    // half zeros: the vector flavour's one-row kernels skip them, the scalar one multiplies by them
    float[] x = TestModels.withZeros(TestModels.inputs(BATCH, vector.inputSize(), 5), 7);
    vector.forward(x, BATCH);
    scalar.forward(x, BATCH);
    // Same multiply-adds in the same order per output: forward is bit-identical.
    int outputs = BATCH * scalar.outputSize();
    assertArrayEqualsBits(Arrays.copyOf(scalar.output(), outputs), Arrays.copyOf(vector.output(), outputs));
    float[] y = TestModels.targets(vector, BATCH, 6);
    for (Network net : List.of(vector, scalar)) {
      net.loss().lossAndGradient(net.lossInput(), y, BATCH, net.outputSize(), net.lossGradient());
      net.backward(x, BATCH);
    }
    // Backward too: every gradient is one FMA chain in the same order in both flavours.
    assertArrayEqualsBits(scalar.gradients(), vector.gradients());
  }

  static void assertArrayEqualsBits(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
          "index " + i + ": " + expected[i] + " vs " + actual[i]);
    }
  }

  static void assertChanged(String before, String after) {
    assertNotEquals(before, after, "the mutation did not apply");
    assertFalse(after.isEmpty());
  }
}
