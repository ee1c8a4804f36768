package dev.nnc.bench;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.parallel.WorkerTeam;
import dev.nnc.runtime.optim.Adam;
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

/**
 * A full training step at batch 64: forward, loss and its gradient, backward, Adam update; reported in
 * samples per second. With {@code -prof gc} it also shows that a step allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 1) // C2 needs 3-5 s for W3's kernels (WarmupTimeline)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:G1HeapRegionSize=1m"})
@OperationsPerInvocation(Workload.TRAIN_BATCH)
public class TrainStepBenchmark {

  @Param({"W1", "W2", "W3"})
  public Workload workload;

  @Param({"vector", "vector256", "scalar"})
  public String kernels;

  /** Threads sharing the batch (a {@link WorkerTeam} of that size; 1: the benchmark thread alone). */
  @Param({"1", "2"})
  public int threads;

  private WorkerTeam team;

  private Network net;
  private Adam optimizer;
  private float[] inputs;
  private float[] targets;

  @Setup
  public void setUp() {
    net = workload.network(kernels, Workload.TRAIN_BATCH);
    team = threads > 1 ? WorkerTeam.of(threads) : null;
    net.setWorkers(team);
    net.setTraining(true);
    optimizer = new Adam(1e-3);
    inputs = workload.inputs(net, Workload.TRAIN_BATCH);
    targets = workload.targets(net, Workload.TRAIN_BATCH);
  }

  @TearDown
  public void tearDown() {
    if (team != null) {
      team.close();
    }
  }

  @Benchmark
  public float step() {
    int batch = Workload.TRAIN_BATCH;
    net.forward(inputs, batch);
    float loss = net.loss().lossAndGradient(net.lossInput(), targets, batch, net.outputSize(), net.lossGradient());
    net.backward(inputs, batch);
    optimizer.step(net.parameters(), net.gradients(), team, net.parameterSplit());
    return loss;
  }
}
