package dev.nnc.runtime.train;

/**
 * The seed the trainer gives {@link dev.nnc.runtime.Network#reseed} before each batch: the run's seed
 * mixed with the epoch and the batch by SplitMix64's finalizer, so every batch draws independent
 * dropout masks, any batch's masks can be recomputed without replaying the ones before it, and a run
 * resumed from a checkpoint draws exactly what the uninterrupted run would have drawn.
 */
public final class BatchSeed {

  /** SplitMix64's increment, the golden ratio in 64 bits. */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private BatchSeed() {}

  /**
   * @param runSeed the training run's seed
   * @param epoch the epoch, counted from 1
   * @param batch the batch within the epoch, counted from 1
   */
  public static long of(long runSeed, int epoch, int batch) {
    long mixed = mix(runSeed + GOLDEN_GAMMA);
    mixed = mix(mixed + GOLDEN_GAMMA * epoch);
    return mix(mixed + GOLDEN_GAMMA * batch);
  }

  /** SplitMix64's output function (Stafford's Mix13 variant). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
