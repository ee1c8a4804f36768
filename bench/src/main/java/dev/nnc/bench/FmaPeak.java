package dev.nnc.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The most float arithmetic one core of this machine does through the Vector API: 12 independent FMA
 * chains on registers, no memory. It is the ceiling the dense kernels are measured against (RESULTS.md:
 * how close a training step can come to it, and what issue 4's ratio targets then ask for). A
 * diagnostic, not a benchmark of record.
 *
 * <p>It also samples what two cores give at once against one ({@link #twoCoreScaling}): on a shared
 * virtual machine the host may run both vCPUs on one physical core's two hardware threads, or beside
 * other guests, and then no two-thread code here scales to 2x, however it splits its work.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.nnc.bench.FmaPeak</pre>
 */
public final class FmaPeak {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final long ITERATIONS = 20_000_000;
  private static final int CHAINS = 12;
  private static volatile float sink;

  public static void main(String[] args) {
    float[] seed = new float[2 * SPECIES.length()];
    java.util.Arrays.fill(seed, 0.999f);
    double best = 0;
    for (int round = 0; round < 8; round++) {
      long start = System.nanoTime();
      sink = chains(ITERATIONS, seed);
      long nanos = System.nanoTime() - start;
      // two floating-point operations per lane per FMA
      best = Math.max(best, ITERATIONS * CHAINS * SPECIES.length() * 2.0 / nanos);
    }
    System.out.printf(Locale.ROOT, "%d-bit FMA peak on one core: %.1f GFLOP/s (best of 8 rounds)%n",
        SPECIES.vectorBitSize(), best);
    try {
      System.out.println("Two cores at once against one: " + twoCoreScaling(60).summary());
    } catch (Exception e) {
      System.out.println("Two cores at once against one: not measured (" + e + ")");
    }
  }

  /** FMAs per chain in one sample of {@link #twoCoreScaling}: about 80 ms on a 110 GFLOP/s core. */
  private static final long SAMPLE_ITERATIONS = 2_000_000;

  /**
   * Samples, {@code samples} times about 0.3 s apart, the FMA loop on one core alone and then on two
   * at once (two threads released together): each sample's ratio is the two threads' GFLOP/s together
   * over the one's. 2.0 means two whole cores.
   */
  public static TwoCoreScaling twoCoreScaling(int samples) throws Exception {
    float[] seed = new float[2 * SPECIES.length()];
    Arrays.fill(seed, 0.999f);
    for (int i = 0; i < 20; i++) {
      sink = chains(SAMPLE_ITERATIONS / 10, seed);
    }
    double[] ratios = new double[samples];
    double[] alone = new double[samples];
    ExecutorService pair = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "fma-pair");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int i = 0; i < samples; i++) {
        alone[i] = gflops(seed);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Double> first = pair.submit(() -> {
          start.await();
          return gflops(seed);
        });
        Future<Double> second = pair.submit(() -> {
          start.await();
          return gflops(seed);
        });
        ratios[i] = (first.get() + second.get()) / alone[i];
        Thread.sleep(100);
      }
    } finally {
      pair.shutdownNow();
    }
    return new TwoCoreScaling(ratios, alone);
  }

  private static double gflops(float[] seed) {
    long start = System.nanoTime();
    sink = chains(SAMPLE_ITERATIONS, seed);
    return SAMPLE_ITERATIONS * CHAINS * SPECIES.length() * 2.0 / (System.nanoTime() - start);
  }

  /** What {@link #twoCoreScaling} saw: per sample, two cores' GFLOP/s over one's, and the one's. */
  public record TwoCoreScaling(double[] ratios, double[] alone) {

    public double median() {
      return quantile(ratios, 0.5);
    }

    /** The share of samples in which two cores gave at least {@code ratio} times one. */
    public double shareAtLeast(double ratio) {
      return Arrays.stream(ratios).filter(r -> r >= ratio).count() / (double) ratios.length;
    }

    /** The share of samples in which two cores gave less than {@code ratio} times one. */
    public double shareBelow(double ratio) {
      return Arrays.stream(ratios).filter(r -> r < ratio).count() / (double) ratios.length;
    }

    public String summary() {
      return String.format(Locale.ROOT, "median %.2fx of one core (%.0f GFLOP/s alone), at least 1.8x in %.0f%% of"
          + " %d samples, below 1.4x in %.0f%%", median(), quantile(alone, 0.5), 100 * shareAtLeast(1.8),
          ratios.length, 100 * shareBelow(1.4));
    }

    private static double quantile(double[] values, double q) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
  }

  /** Twelve chains: enough independent FMAs to cover their latency on both FMA pipes. */
  private static float chains(long iterations, float[] seed) {
    FloatVector a = FloatVector.fromArray(SPECIES, seed, 0);
    FloatVector b = FloatVector.fromArray(SPECIES, seed, SPECIES.length());
    FloatVector c0 = a, c1 = b, c2 = a, c3 = b, c4 = a, c5 = b;
    FloatVector c6 = a, c7 = b, c8 = a, c9 = b, c10 = a, c11 = b;
    for (long i = 0; i < iterations; i++) {
      c0 = c0.fma(a, b);
      c1 = c1.fma(a, b);
      c2 = c2.fma(a, b);
      c3 = c3.fma(a, b);
      c4 = c4.fma(a, b);
      c5 = c5.fma(a, b);
      c6 = c6.fma(a, b);
      c7 = c7.fma(a, b);
      c8 = c8.fma(a, b);
      c9 = c9.fma(a, b);
      c10 = c10.fma(a, b);
      c11 = c11.fma(a, b);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
        .reduceLanes(VectorOperators.ADD);
  }
}
