package dev.nnc.bench.compare;

import java.util.Arrays;

/**
 * The timing loop used for ONNX Runtime (whose work is native, so one JVM serves all its cases): a
 * time-boxed warm-up, a calibration of how many calls fill one repetition, then the median of several
 * repetitions of nanoseconds per call. bench/peers/torch_bench.py times PyTorch the same way.
 */
final class Stopwatch {

  /** One call of the operation under test; its result feeds a sink so nothing is optimized away. */
  @FunctionalInterface
  interface Operation {
    float call() throws Exception;
  }

  private final double warmupSeconds;
  private final int repetitions;
  private final double repetitionSeconds;

  /** Written so the JIT must compute every result. */
  static volatile float sink;

  Stopwatch(double warmupSeconds, int repetitions, double repetitionSeconds) {
    this.warmupSeconds = warmupSeconds;
    this.repetitions = repetitions;
    this.repetitionSeconds = repetitionSeconds;
  }

  /** The median over the repetitions of nanoseconds per call. */
  double nanosPerCall(Operation op) throws Exception {
    float acc = 0;
    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    long calls = 0;
    long start = System.nanoTime();
    while (System.nanoTime() < warmupEnd) {
      acc += op.call();
      calls++;
    }
    double perCall = (double) (System.nanoTime() - start) / Math.max(1, calls);
    long n = Math.max(1, (long) (repetitionSeconds * 1e9 / perCall));
    double[] results = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      long t0 = System.nanoTime();
      for (long i = 0; i < n; i++) {
        acc += op.call();
      }
      results[r] = (double) (System.nanoTime() - t0) / n;
    }
    sink = acc;
    return median(results);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  String describe() {
    return String.format(java.util.Locale.ROOT, "%.1f s warm-up, median of %d repetitions of %.1f s",
        warmupSeconds, repetitions, repetitionSeconds);
  }
}
