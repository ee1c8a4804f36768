package dev.nnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The vector loop of Adam and AdamW must give exactly the bits of their scalar loop. */
class AdamVectorLoopTest {

  @Test
  void adamVectorAndScalarLoopsAgreeBitForBit() {
    compare(() -> new Adam(1e-3, 0.9, 0.999, 1e-8, 0));
    compare(() -> new Adam(3e-2, 0.8, 0.99, 1e-6, 0.01));
  }

  @Test
  void adamWVectorAndScalarLoopsAgreeBitForBit() {
    compare(() -> new AdamW(1e-3, 0.9, 0.999, 1e-8, 0.05));
  }

  @Test
  void aSplitUpdateGivesTheSameBitsAsOneThread() {
    Random random = new Random(5);
    int n = 100_003; // above the split threshold, and not a multiple of any block
    float[] params = new float[n];
    float[] grads = new float[n];
    for (int i = 0; i < n; i++) {
      params[i] = (float) random.nextGaussian();
      grads[i] = (float) random.nextGaussian();
    }
    float[] alone = params.clone();
    float[] split = params.clone();
    Adam one = new Adam(1e-2, 0.9, 0.999, 1e-8, 0.01);
    Adam shared = new Adam(1e-2, 0.9, 0.999, 1e-8, 0.01);
    try (WorkerTeam team = WorkerTeam.of(3)) {
      for (int step = 0; step < 3; step++) {
        one.step(alone, grads);
        shared.step(split, grads, team);
      }
      assertEquals(3, team.tasksSplit());
    }
    for (int i = 0; i < n; i++) {
      assertEquals(Float.floatToIntBits(alone[i]), Float.floatToIntBits(split[i]), "parameter " + i);
    }
  }

  /** 100 parameters run through the vector loop (and a tail) against each one alone (scalar loop only). */
  private static void compare(Supplier<Optimizer> optimizers) {
    Random random = new Random(3);
    int n = 100;
    float[] params = new float[n];
    for (int i = 0; i < n; i++) {
      params[i] = (float) random.nextGaussian();
    }
    float[][] gradients = new float[4][n];
    for (float[] step : gradients) {
      for (int i = 0; i < n; i++) {
        step[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 4));
      }
    }
    float[] together = params.clone();
    Optimizer all = optimizers.get();
    for (float[] step : gradients) {
      all.step(together, step);
    }
    for (int i = 0; i < n; i++) {
      float[] alone = {params[i]};
      Optimizer one = optimizers.get();
      for (float[] step : gradients) {
        one.step(alone, new float[] {step[i]});
      }
      assertEquals(Float.floatToIntBits(alone[0]), Float.floatToIntBits(together[i]), "parameter " + i);
    }
  }
}
