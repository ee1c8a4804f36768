package dev.nnc.bench;

import dev.nnc.runtime.optim.Adam;
import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.Locale;
import java.util.Random;

/**
 * Why Adam does not get faster with two threads inside a W3 training step (see RESULTS.md): the same
 * 235,146-parameter update split over a team of two, with nothing between steps, with each thread
 * reading only the half of the parameters it updates (what a column-split forward would do), and with
 * both threads reading all of them (what the sample-split forward does). A diagnostic, not a benchmark
 * of record.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.nnc.bench.SharedParameters</pre>
 */
public final class SharedParameters {

  private static final int PARAMETERS = 235_146;
  private static final int STEPS = 3000;
  private static volatile float sink;

  public static void main(String[] args) {
    float[] params = new float[PARAMETERS];
    float[] grads = new float[PARAMETERS];
    Random random = new Random(1);
    for (int i = 0; i < PARAMETERS; i++) {
      params[i] = random.nextFloat();
      grads[i] = random.nextFloat() - 0.5f;
    }
    WorkerTeam.Task readAll = (part, parts) -> sink = sum(params, 0, PARAMETERS);
    WorkerTeam.Task readOwnHalf = (part, parts) -> sink = sum(params, WorkerTeam.start(PARAMETERS, part, parts, 64),
        WorkerTeam.start(PARAMETERS, part + 1, parts, 64));
    for (int round = 0; round < 3; round++) {
      for (String reads : new String[] {"nothing", "own half", "all"}) {
        try (WorkerTeam team = WorkerTeam.of(2)) {
          Adam adam = new Adam(1e-3);
          long nanos = 0;
          for (int step = 0; step < 2 * STEPS; step++) {
            if (reads.equals("all")) {
              team.run(readAll);
            } else if (reads.equals("own half")) {
              team.run(readOwnHalf);
            }
            long start = System.nanoTime();
            adam.step(params, grads, team);
            if (step >= STEPS) {
              nanos += System.nanoTime() - start;
            }
          }
          System.out.printf(Locale.ROOT, "threads read %-8s between steps: Adam on 2 threads %.1f µs per step%n",
              reads, nanos / 1e3 / STEPS);
        }
      }
    }
  }

  /** Touches every cache line of the range (16 floats per 64-byte line). */
  private static float sum(float[] values, int from, int to) {
    float sum = 0;
    for (int i = from; i < to; i += 16) {
      sum += values[i];
    }
    return sum;
  }
}
