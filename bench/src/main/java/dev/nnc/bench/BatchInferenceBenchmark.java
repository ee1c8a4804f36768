package dev.nnc.bench;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Batch inference throughput: one forward pass over 256 samples, reported per sample. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 1) // C2 needs 3-5 s for W3's kernels (WarmupTimeline)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:G1HeapRegionSize=1m"})
@OperationsPerInvocation(Workload.INFERENCE_BATCH)
public class BatchInferenceBenchmark {

  @Param({"W1", "W2", "W3"})
  public Workload workload;

  @Param({"vector", "vector256", "scalar"})
  public String kernels;

  /** Threads sharing the batch (a {@link WorkerTeam} of that size; 1: the benchmark thread alone). */
  @Param({"1", "2"})
  public int threads;

  private WorkerTeam team;

  private Network net;
  private float[] inputs;

  @Setup
  public void setUp() {
    net = workload.network(kernels, Workload.INFERENCE_BATCH);
    team = threads > 1 ? WorkerTeam.of(threads) : null;
    net.setWorkers(team);
    net.setTraining(false);
    inputs = workload.inputs(net, Workload.INFERENCE_BATCH);
  }

  /** Samples per second (one invocation counts as 256 operations). */
  @TearDown
  public void tearDown() {
    if (team != null) {
      team.close();
    }
  }

  @Benchmark
  public float[] forward() {
    net.forward(inputs, Workload.INFERENCE_BATCH);
    return net.output();
  }
}
