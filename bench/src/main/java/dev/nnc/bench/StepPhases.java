package dev.nnc.bench;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.optim.Adam;
import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a training step's time goes: forward, loss, backward and the optimizer timed separately for one
 * workload, on one thread and on a team of two, after a warm-up long enough for C2. A diagnostic for
 * deciding what to optimize, not a benchmark of record (JMH's TrainStepBenchmark is).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.nnc.bench.StepPhases W3</pre>
 */
public final class StepPhases {

  private static final int WARMUP_STEPS = 3000;
  private static final int TIMED_STEPS = 2000;

  public static void main(String[] args) {
    Workload workload = Workload.valueOf(args.length > 0 ? args[0] : "W3");
    for (int threads : new int[] {1, 2, 1, 2}) {
      measure(workload, threads);
    }
  }

  private static void measure(Workload workload, int threads) {
    int batch = Workload.TRAIN_BATCH;
    Network net = workload.network(true, batch);
    try (WorkerTeam team = threads > 1 ? WorkerTeam.of(threads) : null) {
      net.setWorkers(team);
      net.setTraining(true);
      Adam adam = new Adam(1e-3);
      float[] x = workload.inputs(net, batch);
      float[] y = workload.targets(net, batch);
      long[] phases = new long[4];
      long[] adamTimes = new long[TIMED_STEPS];
      for (int step = 0; step < WARMUP_STEPS + TIMED_STEPS; step++) {
        boolean timed = step >= WARMUP_STEPS;
        long t0 = System.nanoTime();
        net.forward(x, batch);
        long t1 = System.nanoTime();
        net.loss().lossAndGradient(net.lossInput(), y, batch, net.outputSize(), net.lossGradient());
        long t2 = System.nanoTime();
        net.backward(x, batch);
        long t3 = System.nanoTime();
        adam.step(net.parameters(), net.gradients(), team, net.parameterSplit());
        long t4 = System.nanoTime();
        if (timed) {
          phases[0] += t1 - t0;
          phases[1] += t2 - t1;
          phases[2] += t3 - t2;
          phases[3] += t4 - t3;
          adamTimes[step - WARMUP_STEPS] = t4 - t3;
        }
      }
      long total = Arrays.stream(phases).sum();
      System.out.printf(Locale.ROOT,
          "%s %d thread(s): step %.1f µs = forward %.1f + loss %.1f + backward %.1f + adam %.1f (%,.0f samples/s)%n",
          workload, threads, total / 1e3 / TIMED_STEPS, phases[0] / 1e3 / TIMED_STEPS, phases[1] / 1e3 / TIMED_STEPS,
          phases[2] / 1e3 / TIMED_STEPS, phases[3] / 1e3 / TIMED_STEPS, batch * TIMED_STEPS / (total / 1e9));
      Arrays.sort(adamTimes);
      System.out.printf(Locale.ROOT, "  adam p10 %.1f p50 %.1f p90 %.1f p99 %.1f µs%n", adamTimes[TIMED_STEPS / 10] / 1e3,
          adamTimes[TIMED_STEPS / 2] / 1e3, adamTimes[TIMED_STEPS * 9 / 10] / 1e3, adamTimes[TIMED_STEPS * 99 / 100] / 1e3);
    }
  }
}
