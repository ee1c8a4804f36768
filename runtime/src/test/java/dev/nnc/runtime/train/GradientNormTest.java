package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GradientNormTest {

  /** Several chunks and a partial last one, enough to be split. */
  private static final int LENGTH = 5 * GradientClipping.CHUNK + 1234;

  private static float[] gradients(long seed) {
    Random random = new Random(seed);
    float[] g = new float[LENGTH];
    for (int i = 0; i < g.length; i++) {
      // each chunk at its own scale, so that adding the chunk sums in another order rounds differently
      double chunkScale = Math.pow(10, (i / GradientClipping.CHUNK) % 3 - 1);
      g[i] = (float) (random.nextGaussian() * chunkScale * Math.pow(10, random.nextInt(7) - 3));
    }
    return g;
  }

  @Test
  void theSameBitsOnOneTwoAndThreeThreads() {
    float[] g = gradients(1);
    double alone = GradientClipping.norm(g);
    GradientNorm norm = new GradientNorm();
    assertEquals(Double.doubleToRawLongBits(alone), Double.doubleToRawLongBits(norm.of(g, null)));
    for (int threads : new int[] {2, 3}) {
      try (WorkerTeam team = WorkerTeam.of(threads)) {
        for (long seed = 1; seed <= 5; seed++) {
          float[] values = gradients(seed);
          assertEquals(Double.doubleToRawLongBits(GradientClipping.norm(values)),
              Double.doubleToRawLongBits(norm.of(values, team)), "seed " + seed + ", " + threads + " threads");
        }
        assertEquals(5, team.tasksSplit(), "the sums were not split");
      }
    }
  }

  @Test
  void aNetworksSumOfSquaresGivesTheSameBitsOnOneTwoAndThreeThreads() {
    // A sum of its own, as a generated network's vectors give (here: one float chain, which rounds
    // differently from the sum in double), still adds the same chunks in the same order.
    GradientNorm.SumOfSquares inFloat = (values, from, to) -> {
      float sum = 0;
      for (int i = from; i < to; i++) {
        sum += values[i] * values[i];
      }
      return sum;
    };
    float[] g = gradients(4);
    GradientNorm norm = new GradientNorm(inFloat);
    double alone = norm.of(g, null);
    assertNotEquals(GradientClipping.norm(g), alone, "the chunks did not go through the network's sum");
    double expected = 0;
    for (int chunk = 0; chunk < GradientClipping.chunks(LENGTH); chunk++) {
      int from = chunk * GradientClipping.CHUNK;
      expected += inFloat.of(g, from, Math.min(LENGTH, from + GradientClipping.CHUNK));
    }
    assertEquals(Double.doubleToRawLongBits(Math.sqrt(expected)), Double.doubleToRawLongBits(alone));
    for (int threads : new int[] {2, 3}) {
      try (WorkerTeam team = WorkerTeam.of(threads)) {
        assertEquals(Double.doubleToRawLongBits(alone), Double.doubleToRawLongBits(norm.of(g, team)),
            threads + " threads");
        assertEquals(1, team.tasksSplit(), "the sums were not split");
      }
    }
  }

  @Test
  void agreesWithAPlainSumOfSquares() {
    float[] g = gradients(7);
    double sum = 0;
    for (float value : g) {
      sum += (double) value * value;
    }
    assertEquals(Math.sqrt(sum), GradientClipping.norm(g), Math.sqrt(sum) * 1e-13);
  }

  @Test
  void aNonFiniteGradientInAnyChunkMakesTheNormNonFinite() {
    try (WorkerTeam team = WorkerTeam.of(2)) {
      GradientNorm norm = new GradientNorm();
      float[] g = gradients(3);
      g[LENGTH - 1] = Float.NaN;
      assertTrue(Double.isNaN(norm.of(g, team)));
      g = gradients(3);
      g[GradientClipping.CHUNK + 5] = Float.POSITIVE_INFINITY;
      assertTrue(Double.isInfinite(norm.of(g, team)));
    }
  }
}
