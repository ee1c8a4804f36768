package dev.nnc.bench;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.parallel.WorkerTeam;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-sample inference latency: {@code predict} on one input, as a served model sees requests. The
 * calls take {@link #SAMPLES} different inputs in turn: W3's forward skips an image's zero pixels, and
 * one image over and over would let the branch predictor learn where they are.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 1) // C2 needs 3-5 s for W3's kernels (WarmupTimeline)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:G1HeapRegionSize=1m"})
public class PredictBenchmark {

  @Param({"W1", "W2", "W3"})
  public Workload workload;

  /** Vector API kernels (the preferred species, or 256 bits), or the plain scalar flavour for the SIMD gain. */
  @Param({"vector", "vector256", "scalar"})
  public String kernels;

  /**
   * Threads sharing a sample (a {@link WorkerTeam} of that size, which splits large layers by columns;
   * 1: the benchmark thread alone).
   */
  @Param({"1", "2"})
  public int threads;

  /** Inputs the calls go through in turn (a power of two). */
  static final int SAMPLES = 64;

  private WorkerTeam team;
  private Network net;
  private float[][] inputs;
  private int next;
  private float[] output;

  @Setup
  public void setUp() {
    net = workload.network(kernels, 1);
    team = threads > 1 ? WorkerTeam.of(threads) : null;
    net.setWorkers(team);
    net.setTraining(false);
    float[] x = workload.inputs(net, SAMPLES);
    inputs = new float[SAMPLES][];
    for (int i = 0; i < SAMPLES; i++) {
      inputs[i] = java.util.Arrays.copyOfRange(x, i * net.inputSize(), (i + 1) * net.inputSize());
    }
    output = new float[net.outputSize()];
  }

  @TearDown
  public void tearDown() {
    if (team != null) {
      team.close();
    }
  }

  @Benchmark
  public float[] predict() {
    net.predict(inputs[next++ & (SAMPLES - 1)], output);
    return output;
  }
}
