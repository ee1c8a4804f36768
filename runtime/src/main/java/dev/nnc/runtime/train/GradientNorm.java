package dev.nnc.runtime.train;

import dev.nnc.runtime.parallel.WorkerTeam;

/**
 * The gradients' L2 norm of every training step, over {@link GradientClipping#CHUNK chunks} summed on the
 * network's workers: each thread sums whole chunks and the chunk sums are added in order, so the norm has
 * the same bits with any number of threads. Holds the chunk sums between steps; one instance per training
 * run.
 */
final class GradientNorm {

  /** How a chunk's sum of squares is taken. */
  @FunctionalInterface
  interface SumOfSquares {
    double of(float[] values, int from, int to);
  }

  /** Below this many gradients the norm stays on one thread: it is over before a helper starts. */
  private static final int PARALLEL_GRADIENTS = 1 << 15;

  private double[] chunkSums = new double[0];
  private float[] gradients;
  private final WorkerTeam.Task sumTask = this::sumChunks;
  private final SumOfSquares sumOfSquares;

  /** Chunks summed as {@link GradientClipping#norm} sums them: the same bits. */
  GradientNorm() {
    this(GradientClipping::sumOfSquares);
  }

  /**
   * Chunks summed by {@code sumOfSquares}: a network's {@link dev.nnc.runtime.Network#sumOfSquares}, on
   * its own vectors.
   */
  GradientNorm(SumOfSquares sumOfSquares) {
    this.sumOfSquares = sumOfSquares;
  }

  /** The L2 norm of {@code gradients}, split across {@code workers} (null: this thread alone). */
  double of(float[] gradients, WorkerTeam workers) {
    int chunks = GradientClipping.chunks(gradients.length);
    if (chunkSums.length != chunks) {
      chunkSums = new double[chunks];
    }
    this.gradients = gradients;
    try {
      if (workers == null || gradients.length < PARALLEL_GRADIENTS) {
        sumChunks(0, 1);
      } else {
        workers.run(sumTask);
      }
    } finally {
      this.gradients = null;
    }
    double sum = 0;
    for (double chunkSum : chunkSums) {
      sum += chunkSum;
    }
    return Math.sqrt(sum);
  }

  private void sumChunks(int part, int parts) {
    int chunks = chunkSums.length;
    int to = WorkerTeam.start(chunks, part + 1, parts, 1);
    for (int chunk = WorkerTeam.start(chunks, part, parts, 1); chunk < to; chunk++) {
      chunkSums[chunk] = GradientClipping.chunkSum(gradients, chunk, sumOfSquares);
    }
  }
}
