package dev.nnc.bench;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.Arrays;
import java.util.Locale;

/**
 * What handing work to a {@link WorkerTeam} costs, next to W3's single-sample predict on one and two
 * threads. A two-part task whose parts each busy-wait {@code PART_NANOS} is timed end to end, with when
 * each part starts and ends after {@code run} is called: the gap between the task's time and one
 * part's is the hand-off, and a two-thread predict pays it once per layer it shares. A diagnostic,
 * not a benchmark of record.
 *
 * <pre>java --add-modules jdk.incubator.vector -XX:G1HeapRegionSize=1m -cp bench/target/benchmarks.jar dev.nnc.bench.HandOffCost</pre>
 */
public final class HandOffCost {

  private static final long PART_NANOS = 3_000;
  private static final int TASKS = 20_000;

  private HandOffCost() {}

  public static void main(String[] args) {
    Network net = Workload.W3.network(true, 1);
    net.setTraining(false);
    float[] x = Workload.W3.inputs(net, 1);
    float[] out = new float[net.outputSize()];
    long[] marks = new long[4]; // caller's part starts, ends; helper's part starts, ends (sums)
    long[] origin = new long[1];
    WorkerTeam.Task busy = (part, parts) -> {
      long start = System.nanoTime();
      while (System.nanoTime() - start < PART_NANOS) {
        Thread.onSpinWait();
      }
      marks[2 * part] += start - origin[0];
      marks[2 * part + 1] += System.nanoTime() - origin[0];
    };
    System.out.printf(Locale.ROOT, "two parts of %.1f us each; times after run() is called, mean of %d tasks%n",
        PART_NANOS / 1e3, TASKS);
    try (WorkerTeam team = WorkerTeam.of(2)) {
      for (int round = 0; round < 5; round++) {
        net.setWorkers(null);
        double alone = predictMicros(net, x, out);
        net.setWorkers(team);
        double shared = predictMicros(net, x, out);
        Arrays.fill(marks, 0);
        long total = 0;
        for (int i = 0; i < TASKS; i++) {
          origin[0] = System.nanoTime();
          team.run(busy);
          total += System.nanoTime() - origin[0];
        }
        System.out.printf(Locale.ROOT, "W3 predict: 1 thread %.2f us, 2 threads %.2f us | task %.2f us: part 0 %.2f-%.2f,"
                + " part 1 %.2f-%.2f%n", alone, shared, total / 1e3 / TASKS, marks[0] / 1e3 / TASKS,
            marks[1] / 1e3 / TASKS, marks[2] / 1e3 / TASKS, marks[3] / 1e3 / TASKS);
      }
    }
  }

  /** The best of 30 means over 2000 predictions. */
  private static double predictMicros(Network net, float[] x, float[] out) {
    long best = Long.MAX_VALUE;
    for (int rep = 0; rep < 30; rep++) {
      long start = System.nanoTime();
      for (int i = 0; i < 2000; i++) {
        net.predict(x, out);
      }
      best = Math.min(best, (System.nanoTime() - start) / 2000);
    }
    return best / 1e3;
  }
}
