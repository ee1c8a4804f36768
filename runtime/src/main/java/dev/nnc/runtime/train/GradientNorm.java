package dev.nnc.runtime.train;

import dev.nnc.runtime.parallel.WorkerTeam;

/**
 * {@link GradientClipping#norm} of every training step, its chunks summed on the network's workers:
 * each thread sums whole chunks and the chunk sums are added in order, so the norm has the same bits
 * with any number of threads. Holds the chunk sums between steps; one instance per training run.
 */
final class GradientNorm {

  /** Below this many gradients the norm stays on one thread: it is over before a helper starts. */
  private static final int PARALLEL_GRADIENTS = 1 << 15;

  private double[] chunkSums = new double[0];
  private float[] gradients;
  private final WorkerTeam.Task sumTask = this::sumChunks;

  /** The L2 norm of {@code gradients}, split across {@code workers} (null: this thread alone). */
  double of(float[] gradients, WorkerTeam workers) {
    if (workers == null || gradients.length < PARALLEL_GRADIENTS) {
      return GradientClipping.norm(gradients);
    }
    int chunks = GradientClipping.chunks(gradients.length);
    if (chunkSums.length != chunks) {
      chunkSums = new double[chunks];
    }
    this.gradients = gradients;
    try {
      workers.run(sumTask);
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
      chunkSums[chunk] = GradientClipping.chunkSum(gradients, chunk);
    }
  }
}
