package dev.nnc.bench;

import dev.nnc.runtime.data.Batches;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.IdxReader;
import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.List;
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
 * What {@code nnc train} spends between two W3 steps: the next shuffled batch of 64 rows gathered from
 * Fashion-MNIST's 60,000 training images (188 MB of floats, so each row comes from memory), on one
 * thread or shared by a team of two. Reported per batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:G1HeapRegionSize=1m"})
public class BatchGatherBenchmark {

  /** Threads sharing the copy (a {@link WorkerTeam} of that size; 1: the benchmark thread alone). */
  @Param({"1", "2"})
  public int threads;

  private WorkerTeam team;
  private Batches batches;

  @Setup
  public void setUp() {
    Dataset train = IdxReader.readDataset(Workload.FASHION_MNIST.resolve("train-images-idx3-ubyte.gz"),
        Workload.FASHION_MNIST.resolve("train-labels-idx1-ubyte.gz"), List.of());
    team = threads > 1 ? WorkerTeam.of(threads) : null;
    batches = new Batches(train, Workload.TRAIN_BATCH, true, 42);
    batches.startEpoch();
  }

  @TearDown
  public void tearDown() {
    if (team != null) {
      team.close();
    }
  }

  @Benchmark
  public float next() {
    if (!batches.next(team)) {
      batches.startEpoch();
      batches.next(team);
    }
    return batches.x()[0];
  }
}
