package dev.nnc.bench;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The most float arithmetic one core of this machine does through the Vector API: 12 independent FMA
 * chains on registers, no memory. It is the ceiling the dense kernels are measured against (RESULTS.md:
 * how close a training step can come to it, and what issue 4's ratio targets then ask for). A
 * diagnostic, not a benchmark of record.
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
