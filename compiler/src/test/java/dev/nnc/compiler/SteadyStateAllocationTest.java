package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.ThreadMXBean;
import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.optim.Adam;
import dev.nnc.runtime.parallel.WorkerTeam;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Once compiled, a training step and a predict allocate nothing, on the caller or on the team's
 * helpers. A Vector API value that C2 cannot keep in a register is boxed on the heap at every use, so
 * an allocation here means a kernel runs far slower than it should (JDK 17 boxes vectors stored through a
 * mask, passed to a call it did not inline, or of a species other than the first one its shared Vector
 * API methods saw).
 *
 * <p>Each case runs in a JVM of its own, as a user's process would: this test JVM has run kernels of
 * every width. Steps repeat until a whole round allocates nothing, so the test does not depend on when
 * the JIT finishes, and fails only when that never happens, in {@link #ATTEMPTS} JVMs in a row.
 */
class SteadyStateAllocationTest {

  private static final int STEPS_PER_ROUND = 200;
  private static final long GIVE_UP_NANOS = 60_000_000_000L;
  /**
   * JVMs a case may take. On JDK 17 about one JVM in seven compiles the 512-bit (and the 256-bit) kernels
   * of this model with boxed vectors that stay (the same 26 KB per step every time; seen from a C2 compile of the forward
   * tile whose calls to FloatVector.lanewise were not bound statically); the next JVM does not. A
   * kernel that boxes by construction (a vector through a mask, a call not inlined) does so in every
   * JVM and still fails here.
   */
  private static final int ATTEMPTS = 3;
  /** Looked up once: getThreadMXBean() itself allocates. */
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  /**
   * The models: {@link ParallelPassesTest#MODEL} has every kind of step and masked column tails;
   * {@link ParallelPassesTest#PIPELINED_MODEL} has the 6 x 4 tiles of whole vectors and the pipelines.
   */
  private static final List<String> MODELS = List.of(ParallelPassesTest.MODEL, ParallelPassesTest.PIPELINED_MODEL);

  /**
   * The cases: this machine's widest kernels (512-bit with AVX-512, 256-bit with AVX2's 16 registers)
   * on 1 and 2 threads for both models, the next narrower width and scalar code on one. A width wider
   * than the CPU's runs the Vector API's Java fallback, which allocates by design.
   */
  static Stream<Arguments> cases() {
    int widest = CodegenOptions.preferredVectorBits();
    return Stream.of(Arguments.of(widest, 1, 0), Arguments.of(widest, 2, 0), Arguments.of(Math.max(128, widest / 2), 1, 0),
        Arguments.of(0, 1, 0), Arguments.of(widest, 1, 1), Arguments.of(widest, 2, 1));
  }

  @ParameterizedTest(name = "model {2}, {0}-bit, {1} thread(s)")
  @MethodSource("cases")
  void trainingStepsAndPredictionsAllocateNothingOnceCompiled(int bits, int threads, int model)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    StringBuilder failures = new StringBuilder();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Process child = new ProcessBuilder(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
              "-cp", System.getProperty("java.class.path"), SteadyStateAllocationTest.class.getName(),
              Integer.toString(bits), Integer.toString(threads), Integer.toString(model)))
          .redirectErrorStream(true)
          .start();
      // Reads until the child exits: it gives up by itself after GIVE_UP_NANOS.
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (child.waitFor() == 0) {
        if (attempt > 1) {
          System.out.println("SteadyStateAllocationTest model " + model + ", " + bits + "-bit, " + threads
              + " thread(s): JIT race in " + (attempt - 1) + " of " + attempt + " JVMs:\n" + failures);
        }
        return;
      }
      failures.append("attempt ").append(attempt).append(": ").append(output.strip()).append('\n');
    }
    assertEquals("", failures.toString(), "every JVM kept allocating");
  }

  /** One case in this JVM: exits 0 once a round allocates nothing, 1 when it gives up. */
  public static void main(String[] args) {
    int bits = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    String model = MODELS.get(Integer.parseInt(args[2]));
    int batch = ParallelPassesTest.BATCH;
    try (WorkerTeam team = threads > 1 ? WorkerTeam.of(threads) : null) {
      Network net = TestModels.instantiate(TestModels.generate(model, bits), batch);
      TestModels.randomize(net, 3);
      net.setWorkers(team);
      Adam adam = new Adam(1e-3);
      float[] x = TestModels.inputs(batch, net.inputSize(), 4);
      float[] y = TestModels.targets(net, batch, 5);
      float[] out = new float[net.outputSize()];
      long[] measured = measuredThreads();
      long start = System.nanoTime();
      long bytes;
      do {
        long before = allocatedBytes(measured);
        for (int i = 0; i < STEPS_PER_ROUND; i++) {
          net.setTraining(true);
          net.forward(x, batch);
          net.loss().lossAndGradient(net.lossInput(), y, batch, net.outputSize(), net.lossGradient());
          net.backward(x, batch);
          adam.step(net.parameters(), net.gradients(), team, net.parameterSplit());
          net.setTraining(false);
          net.predict(x, out);
        }
        bytes = allocatedBytes(measured) - before;
      } while (bytes != 0 && System.nanoTime() - start < GIVE_UP_NANOS);
      if (bytes != 0) {
        System.out.println(bits + "-bit kernels on " + threads + " thread(s) still allocate after "
            + (System.nanoTime() - start) / 1_000_000_000 + " s: " + bytes / STEPS_PER_ROUND
            + " bytes per training step and predict");
        System.exit(1);
      }
    }
  }

  /** Bytes allocated so far by the given threads; reading the counters allocates nothing. */
  private static long allocatedBytes(long[] threadIds) {
    long total = 0;
    for (long id : threadIds) {
      total += THREADS.getThreadAllocatedBytes(id);
    }
    return total;
  }

  /** This thread and the worker team's helpers. */
  private static long[] measuredThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread == Thread.currentThread() || thread.getName().startsWith("nnc-worker-"))
        .mapToLong(Thread::getId)
        .toArray();
  }
}
