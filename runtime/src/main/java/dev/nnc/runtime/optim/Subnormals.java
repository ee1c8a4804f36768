package dev.nnc.runtime.optim;

/**
 * Keeps the optimizers' running averages out of the subnormal floats (magnitudes below 2^-126).
 *
 * <p>Java cannot switch on the CPU's flush-to-zero mode, and an Intel core takes a microcode assist,
 * on the order of a hundred cycles, for every operation that yields a subnormal. Such values do not
 * just pass through: a momentum whose gradient has become zero (the weights of a pixel that is black
 * in every image of the batch) decays by a constant factor each step until it is a few units of
 * 2^-149, where the decay rounds to nothing ({@code 0.1f * m} is zero, so {@code m - 0.1f * m == m})
 * and it stays subnormal for good. On a Xeon, W3's Adam step took 1,100 µs instead of 127 µs once 13%
 * of its first moments were stuck there (bench/RESULTS.md).
 *
 * <p>Both functions are branch-free float arithmetic on purpose: C2 vectorizes them with the update
 * loops they sit in (Adam's, SGD's), where a conditional expression would leave the loop scalar (three
 * times slower). That is fragile: with a {@code Math.abs} in {@link #subnormalToZero} as well, JDK 17
 * left Adam's loop scalar (1,750 µs a step for 235k parameters instead of 150), and none of the three
 * forms of RMSprop's loop tried with its averages flushed stayed vectorized on both JDK 17 and 25 (up
 * to 2,600 µs instead of 90-450), so RMSprop does without for now. Time the optimizers on both JDKs
 * after a change (bench/RESULTS.md).
 */
final class Subnormals {

  /**
   * Averages of gradients at most this large are set to zero: an update built from one moves no
   * parameter, and neither do the products it would enter, which would themselves be subnormal.
   */
  static final float NEGLIGIBLE = 0x1p-100f;

  private Subnormals() {}

  /**
   * {@code x}, or zero where {@code |x| <= 2^-100}; for momenta, whose step is {@code lr * x} (SGD)
   * or {@code lr * x / (sqrt(v) + eps)} (Adam). PyTorch would move a parameter by at most
   * {@code lr * 2^-100 / eps}, about 8e-26 at Adam's defaults, which changes no float above 1e-17; and
   * a larger value keeps the products it enters ({@code 0.1f * m}, {@code lr * m}) far from the
   * subnormals.
   */
  static float negligibleToZero(float x) {
    // |x| - 2^-100 is 0 or at least 2^-124 in magnitude (never subnormal), so the factor is exactly 0 or 1;
    // NaN and infinity pass through
    float above = Math.abs(x) - NEGLIGIBLE;
    return x * Math.min(Math.max(above, 0f) * 0x1p126f, 1f);
  }

  /**
   * {@code x}, or zero where it is subnormal, as the CPU's flush-to-zero mode would store it; for
   * averages of squared gradients (never negative), which sit under a square root beside eps, so
   * nothing larger may go.
   */
  static float subnormalToZero(float nonNegative) {
    // scaled by 2^24 every subnormal is a normal multiple of 2^-125, at most 2^-102 - 2^-125, and every
    // normal value at least 2^-102: the difference is 0 or at least 2^-125 in magnitude
    float above = nonNegative * 0x1p24f - (0x1p-102f - 0x1p-125f);
    return nonNegative * Math.min(Math.max(above, 0f) * 0x1p126f, 1f);
  }
}
