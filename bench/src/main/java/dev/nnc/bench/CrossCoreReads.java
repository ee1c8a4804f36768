package dev.nnc.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What reading data another core has just written costs, against reading data this core wrote: the
 * price a two-thread pass pays whenever a part reads a buffer another part filled (W^T copied by the
 * other thread, the other thread's samples, partial sums handed down a pipeline). A helper thread
 * fills a buffer; the main thread then reads it, fills its own buffer of the same size and reads that.
 * A diagnostic for deciding where the threads' data should live, not a benchmark of record.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.nnc.bench.CrossCoreReads</pre>
 */
public final class CrossCoreReads {

  private static final int ROUNDS = 4000;

  /** Keeps the sums, so that the reads cannot be left out. */
  static volatile int sink;

  private CrossCoreReads() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("KiB  other core's: us, GB/s   this core's: us, GB/s  (medians of " + ROUNDS / 2 + " reads)");
    for (int kib : new int[] {4, 16, 64, 128, 256}) {
      measure(kib);
    }
  }

  private static void measure(int kib) throws InterruptedException {
    int n = kib * 1024 / Integer.BYTES;
    int[] theirs = new int[n];
    int[] mine = new int[n];
    AtomicInteger turn = new AtomicInteger();
    Thread writer = new Thread(() -> {
      for (int round = 0; round < ROUNDS; round++) {
        while (turn.get() != 2 * round) {
          Thread.onSpinWait();
        }
        fill(theirs, round);
        turn.set(2 * round + 1);
      }
    });
    writer.setDaemon(true);
    writer.start();
    long[] other = new long[ROUNDS];
    long[] own = new long[ROUNDS];
    int sums = 0;
    for (int round = 0; round < ROUNDS; round++) {
      turn.set(2 * round);
      while (turn.get() != 2 * round + 1) {
        Thread.onSpinWait();
      }
      long t0 = System.nanoTime();
      sums += sum(theirs);
      long t1 = System.nanoTime();
      fill(mine, round);
      long t2 = System.nanoTime();
      sums += sum(mine);
      long t3 = System.nanoTime();
      other[round] = t1 - t0;
      own[round] = t3 - t2;
    }
    writer.join();
    sink = sums;
    double otherNanos = median(other);
    double ownNanos = median(own);
    System.out.printf(Locale.ROOT, "%3d  %8.2f %6.1f   %8.2f %6.1f%n", kib, otherNanos / 1e3,
        kib * 1024 / otherNanos, ownNanos / 1e3, kib * 1024 / ownNanos);
  }

  private static void fill(int[] values, int round) {
    for (int i = 0; i < values.length; i++) {
      values[i] = round + i;
    }
  }

  /** An int sum, which C2 vectorizes, so the loads and not the adds set the pace. */
  private static int sum(int[] values) {
    int sum = 0;
    for (int value : values) {
      sum += value;
    }
    return sum;
  }

  /** The median of the second half of the rounds (the first half warms the JIT). */
  private static double median(long[] nanos) {
    long[] steady = Arrays.copyOfRange(nanos, nanos.length / 2, nanos.length);
    Arrays.sort(steady);
    return steady[steady.length / 2];
  }
}
