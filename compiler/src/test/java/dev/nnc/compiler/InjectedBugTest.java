package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.check.GradientCheck;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the gradient check can fail: each case edits the generated backward pass the way a code
 * generator bug would (a wrong sign, a missing term, a transposed index, a lost derivative factor, a
 * flipped ReLU mask), compiles the broken class and expects {@link GradientCheckTest#CHECK} to reject it.
 */
class InjectedBugTest {

  static final String WIDE_RELU = """
      model WideRelu
      network { input 5; dense 20 relu; dense 3 softmax }
      train { loss cross_entropy }
      """;

  static Stream<Arguments> bugs() {
    return Stream.of(
        Arguments.of("wrong sign in tanh'", GradientCheckTest.DEEP, 0,
            "dy[i] * (1f - y[i] * y[i])", "dy[i] * (1f + y[i] * y[i])"),
        Arguments.of("sigmoid' loses its y factor", GradientCheckTest.DEEP, 0,
            "dy[i] * (y[i] * (1f - y[i]))", "dy[i] * (1f - y[i])"),
        Arguments.of("dx misses the last output's term", GradientCheckTest.DEEP, 0,
            "for (int j = 0; j < 6; j++) {\n                    sum = ",
            "for (int j = 0; j < 5; j++) {\n                    sum = "),
        Arguments.of("dW stored transposed", GradientCheckTest.DEEP, 0,
            "g[DENSE1_WEIGHT + k * 7 + j] = acc;", "g[DENSE1_WEIGHT + j * 5 + k] = acc;"),
        Arguments.of("db misses the first sample", GradientCheckTest.DEEP, 0,
            "acc += dy[s * 7 + j];", "acc += s == 0 ? 0f : dy[s * 7 + j];"),
        Arguments.of("vector ReLU mask flipped", WIDE_RELU, 512,
            "yv.compare(VectorOperators.LE, 0f)", "yv.compare(VectorOperators.GT, 0f)"),
        Arguments.of("vector dW accumulates dy twice", WIDE_RELU, 512,
            "acc0 = FloatVector.fromArray(SPECIES, dy, s * 20).fma(xk, acc0);",
            "acc0 = FloatVector.fromArray(SPECIES, dy, s * 20).fma(xk, acc0).add(FloatVector.fromArray(SPECIES, dy, s * 20));"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bugs")
  void gradientCheckCatchesInjectedBug(String bug, String model, int bits, String correct, String broken) {
    GeneratedSource good = TestModels.generate(model, bits);
    assertEquals(List.of(), check(good), "the unmodified network must pass");

    String mutated = good.source().replace(correct, broken);
    assertNotEquals(good.source(), mutated, "the bug was not injected: '" + correct + "' not in the source");
    List<GradientCheck.Mismatch> mismatches = check(new GeneratedSource(good.className(), mutated));

    assertFalse(mismatches.isEmpty(), bug + " went unnoticed");
  }

  private static List<GradientCheck.Mismatch> check(GeneratedSource source) {
    int batch = GradientCheckTest.BATCH;
    Network net = TestModels.instantiate(source, batch);
    TestModels.randomize(net, 1);
    float[] x = TestModels.inputs(batch, net.inputSize(), 2);
    float[] y = TestModels.targets(net, batch, 3);
    return GradientCheckTest.CHECK.run(net, x, y, batch);
  }
}
