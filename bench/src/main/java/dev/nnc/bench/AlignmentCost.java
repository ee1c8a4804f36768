package dev.nnc.bench;

import java.util.Locale;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What the weights' placement in memory costs W3's first layer (784 x 256): its single-sample product
 * (one row, 8 vectors of columns at a time, as {@code dense1ForwardColumns}) and its batch-256 product
 * (6 x 4 tiles, as {@code dense1ForwardTile}), with the weights starting at each of the 16 float
 * offsets within a 64-byte line. Only one offset puts every 512-bit load inside a cache line; the
 * others split each load across two lines. The JVM places arrays at 8-byte granularity and may move
 * them, so which offset that is differs from one JVM to the next: run-to-run spread in the benchmarks
 * comes from here. The fastest offset is the aligned one; no address is read. A diagnostic, not a
 * benchmark of record.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.nnc.bench.AlignmentCost</pre>
 */
public final class AlignmentCost {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;
  private static final int IN = 784;
  private static final int OUT = 256;
  private static final int BATCH = 256;
  private static final int OFFSETS = 16;

  public static void main(String[] args) {
    float[] w = new float[IN * OUT + OFFSETS + OUT];
    float[] x = new float[BATCH * IN];
    float[] y = new float[BATCH * OUT];
    Random random = new Random(1);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextGaussian() * 0.05f;
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    // Let the collector move the arrays to where they stay before anything is timed.
    System.gc();
    System.gc();
    long[] row = new long[OFFSETS];
    long[] batch = new long[OFFSETS];
    java.util.Arrays.fill(row, Long.MAX_VALUE);
    java.util.Arrays.fill(batch, Long.MAX_VALUE);
    for (int round = 0; round < 4; round++) {
      for (int offset = 0; offset < OFFSETS; offset++) {
        for (int rep = 0; rep < 40; rep++) {
          long start = System.nanoTime();
          for (int i = 0; i < 10; i++) {
            rowProduct(w, offset, x, y);
          }
          row[offset] = Math.min(row[offset], (System.nanoTime() - start) / 10);
        }
        for (int rep = 0; rep < 12; rep++) {
          long start = System.nanoTime();
          for (int s = 0; s <= BATCH - 6; s += 6) {
            tile(w, offset, x, y, s);
          }
          batch[offset] = Math.min(batch[offset], System.nanoTime() - start);
        }
      }
    }
    int fastest = 0;
    for (int offset = 1; offset < OFFSETS; offset++) {
      fastest = row[offset] < row[fastest] ? offset : fastest;
    }
    System.out.printf(Locale.ROOT, "W3 layer 1, best of 4 rounds; offsets relative to the fastest (aligned) one%n");
    System.out.printf(Locale.ROOT, "%-8s %-22s %s%n", "offset", "single sample (us)", "batch 252 in 6x4 tiles (us, GFLOP/s)");
    for (int i = 0; i < OFFSETS; i++) {
      int offset = (fastest + i) % OFFSETS;
      double flops = 2.0 * 252 * IN * OUT;
      System.out.printf(Locale.ROOT, "%+-8d %-22.2f %.1f  %.1f%n", i, row[offset] / 1e3, batch[offset] / 1e3,
          flops / batch[offset]);
    }
  }

  /** y = x W for one sample, W from {@code w[base]}: 8 vectors of columns at a time. */
  private static void rowProduct(float[] w, int base, float[] x, float[] y) {
    for (int j = 0; j < OUT; j += 128) {
      FloatVector acc0 = FloatVector.zero(SPECIES);
      FloatVector acc1 = acc0;
      FloatVector acc2 = acc0;
      FloatVector acc3 = acc0;
      FloatVector acc4 = acc0;
      FloatVector acc5 = acc0;
      FloatVector acc6 = acc0;
      FloatVector acc7 = acc0;
      for (int k = 0; k < IN; k++) {
        int b = base + k * OUT + j;
        FloatVector av = FloatVector.broadcast(SPECIES, x[k]);
        acc0 = FloatVector.fromArray(SPECIES, w, b).fma(av, acc0);
        acc1 = FloatVector.fromArray(SPECIES, w, b + 16).fma(av, acc1);
        acc2 = FloatVector.fromArray(SPECIES, w, b + 32).fma(av, acc2);
        acc3 = FloatVector.fromArray(SPECIES, w, b + 48).fma(av, acc3);
        acc4 = FloatVector.fromArray(SPECIES, w, b + 64).fma(av, acc4);
        acc5 = FloatVector.fromArray(SPECIES, w, b + 80).fma(av, acc5);
        acc6 = FloatVector.fromArray(SPECIES, w, b + 96).fma(av, acc6);
        acc7 = FloatVector.fromArray(SPECIES, w, b + 112).fma(av, acc7);
      }
      acc0.intoArray(y, j);
      acc1.intoArray(y, j + 16);
      acc2.intoArray(y, j + 32);
      acc3.intoArray(y, j + 48);
      acc4.intoArray(y, j + 64);
      acc5.intoArray(y, j + 80);
      acc6.intoArray(y, j + 96);
      acc7.intoArray(y, j + 112);
    }
  }

  /** Samples {@code s} to {@code s + 5}: 6 rows x 4 vectors of columns at a time, W from {@code w[base]}. */
  private static void tile(float[] w, int base, float[] x, float[] y, int s) {
    int x0 = s * IN;
    for (int j = 0; j < OUT; j += 64) {
      FloatVector a00 = FloatVector.zero(SPECIES);
      FloatVector a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
      FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
      FloatVector a40 = a00, a41 = a00, a42 = a00, a43 = a00, a50 = a00, a51 = a00, a52 = a00, a53 = a00;
      for (int k = 0; k < IN; k++) {
        int b = base + k * OUT + j;
        FloatVector b0 = FloatVector.fromArray(SPECIES, w, b);
        FloatVector b1 = FloatVector.fromArray(SPECIES, w, b + 16);
        FloatVector b2 = FloatVector.fromArray(SPECIES, w, b + 32);
        FloatVector b3 = FloatVector.fromArray(SPECIES, w, b + 48);
        FloatVector av = FloatVector.broadcast(SPECIES, x[x0 + k]);
        a00 = b0.fma(av, a00); a01 = b1.fma(av, a01); a02 = b2.fma(av, a02); a03 = b3.fma(av, a03);
        av = FloatVector.broadcast(SPECIES, x[x0 + IN + k]);
        a10 = b0.fma(av, a10); a11 = b1.fma(av, a11); a12 = b2.fma(av, a12); a13 = b3.fma(av, a13);
        av = FloatVector.broadcast(SPECIES, x[x0 + 2 * IN + k]);
        a20 = b0.fma(av, a20); a21 = b1.fma(av, a21); a22 = b2.fma(av, a22); a23 = b3.fma(av, a23);
        av = FloatVector.broadcast(SPECIES, x[x0 + 3 * IN + k]);
        a30 = b0.fma(av, a30); a31 = b1.fma(av, a31); a32 = b2.fma(av, a32); a33 = b3.fma(av, a33);
        av = FloatVector.broadcast(SPECIES, x[x0 + 4 * IN + k]);
        a40 = b0.fma(av, a40); a41 = b1.fma(av, a41); a42 = b2.fma(av, a42); a43 = b3.fma(av, a43);
        av = FloatVector.broadcast(SPECIES, x[x0 + 5 * IN + k]);
        a50 = b0.fma(av, a50); a51 = b1.fma(av, a51); a52 = b2.fma(av, a52); a53 = b3.fma(av, a53);
      }
      int y0 = s * OUT + j; // OUT = 256: row r at y0 + 256 r
      a00.intoArray(y, y0 + 0); a01.intoArray(y, y0 + 16); a02.intoArray(y, y0 + 32); a03.intoArray(y, y0 + 48);
      a10.intoArray(y, y0 + 256); a11.intoArray(y, y0 + 272); a12.intoArray(y, y0 + 288); a13.intoArray(y, y0 + 304);
      a20.intoArray(y, y0 + 512); a21.intoArray(y, y0 + 528); a22.intoArray(y, y0 + 544); a23.intoArray(y, y0 + 560);
      a30.intoArray(y, y0 + 768); a31.intoArray(y, y0 + 784); a32.intoArray(y, y0 + 800); a33.intoArray(y, y0 + 816);
      a40.intoArray(y, y0 + 1024); a41.intoArray(y, y0 + 1040); a42.intoArray(y, y0 + 1056); a43.intoArray(y, y0 + 1072);
      a50.intoArray(y, y0 + 1280); a51.intoArray(y, y0 + 1296); a52.intoArray(y, y0 + 1312); a53.intoArray(y, y0 + 1328);
    }
  }
}
