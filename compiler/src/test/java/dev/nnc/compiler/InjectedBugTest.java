package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.runtime.Loss;
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
 * flipped ReLU mask) in every kind of layer, compiles the broken class and expects
 * {@link GradientCheckTest#CHECK} to reject it; and every loss with a broken gradient is rejected too.
 */
class InjectedBugTest {

  static final String WIDE_RELU = """
      model WideRelu
      network { input 5; dense 20 relu; dense 3 softmax }
      train { loss cross_entropy }
      """;

  static final String EVERY_LAYER = """
      model EveryLayer
      network { input 6; dense 19 leaky_relu(0.2); dense 7 gelu; batchnorm; dropout 0.3; dense 5; softmax }
      train { loss mse }
      """;

  static Stream<Arguments> bugs() {
    return Stream.of(
        Arguments.of("wrong sign in tanh'", GradientCheckTest.DEEP, 0,
            "dy[i] * (1f - y[i] * y[i])", "dy[i] * (1f + y[i] * y[i])"),
        Arguments.of("sigmoid' loses its y factor", GradientCheckTest.DEEP, 0,
            "dy[i] * (y[i] * (1f - y[i]))", "dy[i] * (1f - y[i])"),
        Arguments.of("dx misses the last output's term", GradientCheckTest.DEEP, 0,
            "acc = Math.fma(p[DENSE2_WEIGHT + k * 6 + 5], dy[dy0 + 5], acc);", ""),
        Arguments.of("dW reads sample s's input for sample s + 1", GradientCheckTest.DEEP, 0,
            "float xValue1 = x[x0 + (s + 1) * 5];", "float xValue1 = x[x0 + s * 5];"),
        Arguments.of("db misses the first sample", GradientCheckTest.DEEP, 0,
            "acc += dy[s * 7 + j];", "acc += s == 0 ? 0f : dy[s * 7 + j];"),
        Arguments.of("leaky_relu' loses its slope", EVERY_LAYER, 0,
            "dy[i] = y[i] > 0f ? dy[i] : dy[i] * 0.2f;", "dy[i] = y[i] > 0f ? dy[i] : 0f;"),
        Arguments.of("gelu' drops its z phi(z) term", EVERY_LAYER, 0,
            "return Math.fma(z, density, cdf);", "return cdf;"),
        Arguments.of("vector gelu' takes y for Phi(z)", EVERY_LAYER, 512,
            "FloatVector cdf = y.div(z)", "FloatVector cdf = y"),
        Arguments.of("batchnorm dx misses the mean term", EVERY_LAYER, 0,
            "- sumDy - xhat * sumDyXhat", "- xhat * sumDyXhat"),
        Arguments.of("batchnorm dgamma uses x instead of xhat", EVERY_LAYER, 0,
            "sumDyXhat += dy[i] * ((x[i] - mean[j]) * invStd[j]);", "sumDyXhat += dy[i] * x[i];"),
        Arguments.of("dropout backward forgets 1 / (1 - p)", EVERY_LAYER, 0,
            "? dy[i] * 1.4285715f : 0f", "? dy[i] : 0f"),
        Arguments.of("softmax gradient with the wrong sign", EVERY_LAYER, 0,
            "(dy[start + j] - dot)", "(dy[start + j] + dot)"),
        Arguments.of("vector ReLU mask flipped", WIDE_RELU, 512,
            "yv.compare(VectorOperators.LE, 0f)", "yv.compare(VectorOperators.GT, 0f)"),
        Arguments.of("vector dW accumulates dy twice", WIDE_RELU, 512,
            "FloatVector b0 = FloatVector.fromArray(SPECIES, dy, bt);",
            "FloatVector b0 = FloatVector.fromArray(SPECIES, dy, bt).mul(2f);"),
        Arguments.of("vector dW tail drops its masked lanes", WIDE_RELU, 512,
            "FloatVector b1 = FloatVector.fromArray(SPECIES, dy, bt + 16, MASK_4);",
            "FloatVector b1 = FloatVector.zero(SPECIES);"),
        Arguments.of("W^T copied untransposed for dx", WIDE_RELU, 512,
            "wt[j * 20 + k] = p[DENSE2_WEIGHT + k * 3 + j];", "wt[k * 3 + j] = p[DENSE2_WEIGHT + k * 3 + j];"),
        Arguments.of("vector dx tile skips a row of dz", WIDE_RELU, 256,
            "av = FloatVector.broadcast(SPECIES, dy[dy1 + 1]);", "av = FloatVector.broadcast(SPECIES, dy[dy0 + 1]);"));
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

  /** A loss whose gradient is broken the way a hand-written backward might be. */
  record BrokenLoss(Loss loss, float factor) implements Loss {
    @Override
    public String name() {
      return loss.name();
    }

    @Override
    public int targetWidth(int width) {
      return loss.targetWidth(width);
    }

    @Override
    public float lossAndGradient(float[] input, float[] target, int batch, int width, float[] gradient) {
      float value = loss.lossAndGradient(input, target, batch, width, gradient);
      for (int i = 0; i < batch * width; i++) {
        gradient[i] *= factor;
      }
      return value;
    }

    @Override
    public float loss(float[] input, float[] target, int batch, int width) {
      return loss.loss(input, target, batch, width);
    }
  }

  static Stream<Arguments> losses() {
    return Stream.of("mse", "mae", "huber(delta = 0.5)", "bce", "cross_entropy").flatMap(loss -> Stream.of(
        Arguments.of(loss, -1f, "wrong sign"),
        Arguments.of(loss, (float) GradientCheckTest.BATCH, "missing 1 / batch"),
        Arguments.of(loss, 0.5f, "half the gradient")));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("losses")
  void gradientCheckCatchesAWrongLossGradient(String loss, float factor, String bug) {
    String output = switch (loss) {
      case "bce" -> "dense 3 sigmoid";
      case "cross_entropy" -> "dense 3 softmax";
      default -> "dense 3";
    };
    int batch = GradientCheckTest.BATCH;
    Network net = TestModels.network("model L\nnetwork { input 4; dense 6 tanh; " + output + " }\ntrain { loss "
        + loss + " }\n", 0, batch);
    TestModels.randomize(net, 1);
    float[] x = TestModels.inputs(batch, net.inputSize(), 2);
    float[] y = TestModels.targets(net, batch, 3);
    assertEquals(List.of(), GradientCheckTest.CHECK.run(net, net.loss(), x, y, batch), "the loss itself must pass");
    assertFalse(GradientCheckTest.CHECK.run(net, new BrokenLoss(net.loss(), factor), x, y, batch).isEmpty(),
        loss + " with a " + bug + " went unnoticed");
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
