package dev.nnc.bench;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.optim.Adam;
import dev.nnc.runtime.optim.OptimizerState;
import java.util.Locale;

/**
 * Whether W3's Adam state drifts into the subnormal floats, and what its step then costs: TrainStep's
 * loop (one batch of 64 over and over, one thread) for 20,000 steps, with the optimizer's time and the
 * number of subnormal gradients, moments and parameters every few thousand steps. Before the
 * optimizers flushed them, 13% of the first moments were stuck there by the 1,000th step and the Adam
 * step took 8x as long on an Intel Xeon. A diagnostic, not a benchmark of record.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.nnc.bench.SubnormalState</pre>
 */
public final class SubnormalState {

  private static final int STEPS = 20_000;

  private SubnormalState() {}

  public static void main(String[] args) {
    int batch = Workload.TRAIN_BATCH;
    Network net = Workload.W3.network("vector", batch);
    net.setTraining(true);
    Adam adam = new Adam(1e-3);
    float[] x = Workload.W3.inputs(net, batch);
    float[] y = Workload.W3.targets(net, batch);
    long[] phases = new long[4];
    long adamNanos = 0;
    int since = 0;
    for (int step = 1; step <= STEPS; step++) {
      StepPhases.step(net, adam, null, x, y, phases);
      adamNanos += phases[3];
      since++;
      if (step == 300 || step % 2000 == 0) {
        OptimizerState state = adam.state();
        System.out.printf(Locale.ROOT,
            "step %6d: Adam %6.1f µs a step (mean of the last %d); subnormal: gradients %d, first moments %d,"
                + " second moments %d, parameters %d%n",
            step, adamNanos / 1e3 / since, since, subnormals(net.gradients()), subnormals(state.buffer("exp_avg")),
            subnormals(state.buffer("exp_avg_sq")), subnormals(net.parameters()));
        adamNanos = 0;
        since = 0;
      }
    }
  }

  private static int subnormals(float[] values) {
    int count = 0;
    for (float value : values) {
      if (value != 0 && Math.abs(value) < Float.MIN_NORMAL) {
        count++;
      }
    }
    return count;
  }
}
