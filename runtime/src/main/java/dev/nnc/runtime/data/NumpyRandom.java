package dev.nnc.runtime.data;

/**
 * A port of numpy's legacy {@code np.random.RandomState(seed)}: the MT19937 generator seeded by
 * {@code init_genrand}, and the shuffle numpy uses for {@code permutation}. It exists so that data
 * splits match scikit-learn's for the same {@code random_state}, which lets results be compared with a
 * PyTorch reference run.
 */
public final class NumpyRandom {

  private static final int STATE_LENGTH = 624;
  private static final int SHIFT = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;
  private static final long MAX_SEED = 0xffffffffL;

  private final int[] state = new int[STATE_LENGTH];
  private int position;

  /**
   * Seeds as {@code RandomState(seed)} does for an integer seed.
   *
   * @throws IllegalArgumentException unless 0 &lt;= seed &lt;= 2^32 - 1, numpy's range
   */
  public NumpyRandom(long seed) {
    if (seed < 0 || seed > MAX_SEED) {
      throw new IllegalArgumentException(
          "seed must be between 0 and " + MAX_SEED + " (numpy's RandomState range), got " + seed);
    }
    int value = (int) seed;
    for (int i = 0; i < STATE_LENGTH; i++) {
      state[i] = value;
      value = 1812433253 * (value ^ (value >>> 30)) + i + 1;
    }
    position = STATE_LENGTH;
  }

  /** The next raw 32-bit output, as an unsigned value. */
  public long nextUnsignedInt() {
    if (position == STATE_LENGTH) {
      regenerate();
    }
    int y = state[position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xffffffffL;
  }

  /**
   * A uniform integer in [0, max], as numpy's {@code random_interval}: draw 32-bit outputs masked to
   * the smallest covering power of two, rejecting those above {@code max}.
   */
  public int nextInterval(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative, got " + max);
    }
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    long value;
    do {
      value = nextUnsignedInt() & mask;
    } while (value > max);
    return (int) value;
  }

  /** Equal to {@code RandomState(seed).permutation(n)} when called first on a fresh generator. */
  public int[] permutation(int n) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    shuffle(values);
    return values;
  }

  /** Shuffles in place as numpy's legacy {@code RandomState.shuffle} does for a 1-d array. */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i >= 1; i--) {
      int j = nextInterval(i);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  private void regenerate() {
    int i = 0;
    for (; i < STATE_LENGTH - SHIFT; i++) {
      int y = (state[i] & UPPER_MASK) | (state[i + 1] & LOWER_MASK);
      state[i] = state[i + SHIFT] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < STATE_LENGTH - 1; i++) {
      int y = (state[i] & UPPER_MASK) | (state[i + 1] & LOWER_MASK);
      state[i] = state[i + (SHIFT - STATE_LENGTH)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    int y = (state[STATE_LENGTH - 1] & UPPER_MASK) | (state[0] & LOWER_MASK);
    state[STATE_LENGTH - 1] = state[SHIFT - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    position = 0;
  }
}
