package dev.nnc.bench;

import dev.nnc.compiler.InMemoryJavaCompiler;
import dev.nnc.compiler.NncCompiler;
import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.train.Initializer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each activation costs beside the products: a 256-256-256-10 network whose two hidden layers
 * use {@code activation}, batch 256, forward alone and forward with backward, one thread. ReLU, which
 * runs inside the kernels' registers, is the baseline of the same run; sigmoid, tanh and GELU run in a
 * pass over the stored sums (vector helpers in the vector flavour). The networks are generated and
 * compiled in process, as {@code nnc train} does.
 *
 * <pre>bench/jmh.sh ActivationBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 1) // the first calls run interpreted at about 1 s each; C2 needs 10 s or so here
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:G1HeapRegionSize=1m"})
public class ActivationBenchmark {

  private static final int BATCH = 256;

  @Param({"relu", "sigmoid", "tanh", "gelu"})
  public String activation;

  @Param({"vector", "scalar"})
  public String kernels;

  private Network net;
  private float[] x;

  @Setup
  public void generate() throws ReflectiveOperationException, CompileException {
    String text = "model Activation\n"
        + "network { input 256; dense 256 " + activation + "; dense 256 " + activation + "; dense 10 }\n"
        + "train { loss cross_entropy }\n";
    int bits = kernels.equals("vector") ? CodegenOptions.preferredVectorBits() : 0;
    CodegenOptions options = CodegenOptions.defaults().withPackage("dev.nnc.bench.activation").withVectorBits(bits);
    var source = NncCompiler.compile(SourceFile.of("activation.nn", text), options).source();
    net = (Network) InMemoryJavaCompiler.compileAndLoad(source).getConstructor(int.class).newInstance(BATCH);
    Initializer.initialize(net, 42);
    Random random = new Random(7);
    x = new float[BATCH * net.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    // A fixed loss gradient: backward's cost does not depend on its values.
    Arrays.fill(net.lossGradient(), 1e-3f);
    net.setTraining(true);
  }

  @Benchmark
  public float forward() {
    net.forward(x, BATCH);
    return net.output()[0];
  }

  @Benchmark
  public float forwardAndBackward() {
    net.forward(x, BATCH);
    net.backward(x, BATCH);
    return net.gradients()[net.gradients().length - 1];
  }
}
