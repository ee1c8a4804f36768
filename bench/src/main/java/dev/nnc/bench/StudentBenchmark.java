package dev.nnc.bench;

import dev.nnc.models.StudentPerformance;
import dev.nnc.runtime.train.Initializer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Single-sample prediction of the cheat sheet's 2-16-1 model (workload W1). Later issues add the rest. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StudentBenchmark {

  private final StudentPerformance net = new StudentPerformance(1);
  private final float[] input = {0.5f, -0.25f};
  private final float[] output = new float[1];

  @Setup
  public void setUp() {
    Initializer.initialize(net, 42);
  }

  @Benchmark
  public float[] predict() {
    net.predict(input, output);
    return output;
  }
}
