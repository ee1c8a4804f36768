package dev.nnc.bench;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.optim.Adam;
import dev.nnc.runtime.parallel.WorkerTeam;

/**
 * Times every W3 training step (batch 64) of a fresh JVM from the first, to show how long the kernels
 * take to warm up (interpreted, then C1, then C2) in a run like {@code nnc train}, which JMH hides. Run:
 * {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.nnc.bench.WarmupTimeline <threads>}.
 */
public final class WarmupTimeline {

  private WarmupTimeline() {}

  public static void main(String[] args) {
    int threads = Integer.parseInt(args[0]);
    int steps = 4000;
    long t0 = System.nanoTime();
    Network net = Workload.W3.network(true, Workload.TRAIN_BATCH);
    WorkerTeam team = threads > 1 ? WorkerTeam.of(threads) : null;
    net.setWorkers(team);
    net.setTraining(true);
    Adam adam = new Adam(1e-3);
    float[] x = Workload.W3.inputs(net, Workload.TRAIN_BATCH);
    float[] y = Workload.W3.targets(net, Workload.TRAIN_BATCH);
    long[] t = new long[steps + 1];
    t[0] = System.nanoTime();
    for (int i = 1; i <= steps; i++) {
      net.forward(x, 64);
      net.loss().lossAndGradient(net.lossInput(), y, 64, net.outputSize(), net.lossGradient());
      net.backward(x, 64);
      adam.step(net.parameters(), net.gradients(), team, net.parameterSplit());
      t[i] = System.nanoTime();
    }
    double steady = (t[steps] - t[steps - 1000]) / 1000.0;
    System.out.printf("JDK %s, %d thread(s): setup %.0f ms; steady %.0f us/step%n", Runtime.version().feature(), threads,
        (t[0] - t0) / 1e6, steady / 1e3);
    int[][] windows = {{1, 1}, {2, 10}, {11, 100}, {101, 300}, {301, 1000}, {1001, 2000}};
    for (int[] w : windows) {
      double mean = (t[w[1]] - t[w[0] - 1]) / (double) (w[1] - w[0] + 1);
      System.out.printf("  steps %4d-%4d: %8.0f us/step (%.1fx steady), done at %6.0f ms%n", w[0], w[1], mean / 1e3,
          mean / steady, (t[w[1]] - t[0]) / 1e6);
    }
    // when did a 50-step window first come within 20% of steady?
    for (int i = 50; i <= steps; i++) {
      if ((t[i] - t[i - 50]) / 50.0 < 1.2 * steady) {
        System.out.printf("  within 20%% of steady from step %d, %.0f ms after the first step began; the extra time"
            + " over steady speed: %.0f ms%n", i - 50, (t[i - 50] - t[0]) / 1e6, ((t[i - 50] - t[0]) - (i - 50) * steady) / 1e6);
        break;
      }
    }
    if (team != null) {
      team.close();
    }
  }
}
