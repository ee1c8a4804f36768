package dev.nnc.compiler;

import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.io.WeightsData;
import java.util.Random;

/** Compiles .nn text into live networks for tests, and makes seeded inputs for them. */
final class TestModels {

  private TestModels() {}

  /**
   * The kernels of {@code vectorBits} as the CPUs that prefer that width shape them, whatever machine
   * the tests run on: 256 bits (and 128) for AVX2's 16 registers, 512 bits for AVX-512's 32.
   */
  static GeneratedSource generate(String text, int vectorBits) {
    return generate(text, vectorBits, vectorBits == 0 || vectorBits == 512 ? 32 : 16);
  }

  /** The kernels of {@code vectorBits} shaped for {@code vectorRegisters} registers. */
  static GeneratedSource generate(String text, int vectorBits, int vectorRegisters) {
    try {
      return NncCompiler.compile(SourceFile.of("test.nn", text),
          new CodegenOptions("dev.nnc.test", vectorBits, vectorRegisters)).source();
    } catch (CompileException e) {
      throw new AssertionError(e.render(), e);
    }
  }

  static Network instantiate(GeneratedSource source, int maxBatch) {
    try {
      return (Network) InMemoryJavaCompiler.compileAndLoad(source).getConstructor(int.class).newInstance(maxBatch);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static Network network(String text, int vectorBits, int maxBatch) {
    return instantiate(generate(text, vectorBits), maxBatch);
  }

  static Network network(String text, int vectorBits, int vectorRegisters, int maxBatch) {
    return instantiate(generate(text, vectorBits, vectorRegisters), maxBatch);
  }

  /** Parameters drawn like PyTorch's default init, but seeded here so every flavour gets the same. */
  static void randomize(Network net, long seed) {
    Random random = new Random(seed);
    float[] p = net.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (random.nextGaussian() * 0.5);
    }
  }

  /**
   * {@code net}'s weights as a trained model's file would hold them: its parameters, BatchNorm running
   * statistics drawn from {@code random} (positive, so variances are valid; set in {@code net} too) and a
   * scaler drawn from it.
   */
  static WeightsData weightsWithStatistics(Network net, Random random) {
    float[] state = net.state();
    for (int i = 0; i < state.length; i++) {
      state[i] = 0.2f + random.nextFloat();
    }
    float[] mean = new float[net.inputSize()];
    float[] scale = new float[net.inputSize()];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = (float) random.nextGaussian();
      scale[i] = 0.5f + random.nextFloat();
    }
    return new WeightsData(net.modelName(), net.signature(), net.fingerprint(), mean, scale,
        net.parameters().clone(), state.clone());
  }

  static float[] inputs(int batch, int size, long seed) {
    Random random = new Random(seed);
    float[] x = new float[batch * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  /**
   * {@code x} with about half its values made zero, as an image's background or a ReLU's outputs are:
   * runs of zeros and single ones, some of them negative zeros. The one-row kernels skip zeros.
   */
  static float[] withZeros(float[] x, long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < x.length; ) {
      int run = 1 + random.nextInt(6);
      boolean zero = random.nextBoolean();
      for (int end = Math.min(x.length, i + run); i < end; i++) {
        if (zero) {
          x[i] = random.nextInt(4) == 0 ? -0f : 0f;
        }
      }
    }
    return x;
  }

  /** Targets suited to the loss: class indices for cross-entropy, 0/1 for bce, reals for mse. */
  static float[] targets(Network net, int batch, long seed) {
    Random random = new Random(seed);
    int width = net.loss().targetWidth(net.outputSize());
    float[] y = new float[batch * width];
    for (int i = 0; i < y.length; i++) {
      y[i] = switch (net.loss().name()) {
        case "cross_entropy" -> random.nextInt(net.outputSize());
        case "bce" -> random.nextInt(2);
        default -> (float) random.nextGaussian();
      };
    }
    return y;
  }
}
