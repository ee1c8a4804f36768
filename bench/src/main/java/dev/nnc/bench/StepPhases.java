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

  private static final long WARMUP_NANOS = 8_000_000_000L;
  private static final int TIMED_STEPS = 2000;

  public static void main(String[] args) {
    Workload workload = Workload.valueOf(args.length > 0 ? args[0] : "W3");
    for (int threads : new int[] {1, 2, 1, 2}) {
      measure(workload, threads);
    }
  }

  /**
   * One training step, its phases' times written to {@code times}. A method of its own, as JMH's step
   * is, so that C2 compiles it (and inlines the kernels into it) as it does there, not as part of an
   * on-stack replacement of the whole timing loop.
   */
  static void step(Network net, Adam adam, WorkerTeam team, float[] x, float[] y, long[] times) {
    int batch = Workload.TRAIN_BATCH;
    long t0 = System.nanoTime();
    net.forward(x, batch);
    long t1 = System.nanoTime();
    net.loss().lossAndGradient(net.lossInput(), y, batch, net.outputSize(), net.lossGradient());
    long t2 = System.nanoTime();
    net.backward(x, batch);
    long t3 = System.nanoTime();
    adam.step(net.parameters(), net.gradients(), team, net.parameterSplit());
    long t4 = System.nanoTime();
    times[0] = t1 - t0;
    times[1] = t2 - t1;
    times[2] = t3 - t2;
    times[3] = t4 - t3;
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
      long[] times = new long[4];
      // Warm up for as long as JMH does, so that C2 has compiled every kernel before the timed steps.
      long warmUntil = System.nanoTime() + WARMUP_NANOS;
      while (System.nanoTime() < warmUntil) {
        step(net, adam, team, x, y, times);
      }
      for (int step = 0; step < TIMED_STEPS; step++) {
        step(net, adam, team, x, y, times);
        for (int k = 0; k < 4; k++) {
          phases[k] += times[k];
        }
        adamTimes[step] = times[3];
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
