package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Expected values come from numpy 2.4.6, {@code np.random.RandomState(seed)}. */
class NumpyRandomTest {

  @Test
  void rawOutputsMatchMt19937() {
    // RandomState(s).randint(0, 2**32, size=3, dtype=np.uint32)
    NumpyRandom reference = new NumpyRandom(5489);
    assertEquals(3499211612L, reference.nextUnsignedInt());
    assertEquals(581869302L, reference.nextUnsignedInt());
    assertEquals(3890346734L, reference.nextUnsignedInt());
    NumpyRandom seeded = new NumpyRandom(42);
    assertEquals(1608637542L, seeded.nextUnsignedInt());
    assertEquals(3421126067L, seeded.nextUnsignedInt());
    assertEquals(4083286876L, seeded.nextUnsignedInt());
  }

  @Test
  void outputsStayInStepAcrossStateRegeneration() {
    // RandomState(42).randint(0, 2**32, size=1000, dtype=np.uint32)[-1]
    NumpyRandom random = new NumpyRandom(42);
    long last = 0;
    for (int i = 0; i < 1000; i++) {
      last = random.nextUnsignedInt();
    }
    assertEquals(1946654618L, last);
  }

  @Test
  void permutationsMatchNumpy() {
    assertArrayEquals(new int[] {8, 1, 5, 0, 7, 2, 9, 4, 3, 6}, new NumpyRandom(42).permutation(10));
    assertArrayEquals(new int[] {1, 5, 2, 22, 20, 12, 11, 0, 21, 6, 18, 16, 13, 10, 17, 9, 8, 14, 7, 19,
        3, 4, 15}, new NumpyRandom(7).permutation(23));
    assertArrayEquals(new int[] {2, 0, 1, 3, 4}, new NumpyRandom(0).permutation(5));
    assertArrayEquals(new int[] {0}, new NumpyRandom(1).permutation(1));
    assertArrayEquals(new int[] {1, 0}, new NumpyRandom(123).permutation(2));
    assertArrayEquals(new int[] {11, 8, 5, 9, 1, 10, 6, 0, 4, 7, 2, 3},
        new NumpyRandom(4294967295L).permutation(12));
    assertArrayEquals(new int[0], new NumpyRandom(3).permutation(0));
  }

  @Test
  void longPermutationMatchesNumpy() {
    int[] expected = {35, 19, 26, 17, 77, 24, 70, 58, 95, 14, 91, 87, 50, 49, 21, 6, 16, 5, 15, 34, 10,
        44, 3, 90, 83, 25, 78, 9, 67, 23, 85, 2, 45, 75, 51, 64, 12, 56, 33, 92, 46, 1, 94, 72, 79, 68,
        88, 82, 52, 47, 63, 84, 38, 76, 59, 43, 97, 80, 32, 13, 86, 53, 40, 48, 7, 18, 99, 20, 71, 57, 4,
        81, 61, 29, 69, 98, 22, 31, 42, 73, 93, 54, 39, 28, 11, 89, 30, 37, 66, 74, 60, 65, 41, 55, 62,
        36, 27, 0, 96, 8};
    assertArrayEquals(expected, new NumpyRandom(2024).permutation(100));
    int[] thousand = new NumpyRandom(0).permutation(1000);
    assertArrayEquals(new int[] {993, 859, 298, 553, 672, 971, 27, 231, 306, 706},
        java.util.Arrays.copyOfRange(thousand, 0, 10));
    assertArrayEquals(new int[] {835, 192, 629, 559, 684}, java.util.Arrays.copyOfRange(thousand, 995, 1000));
  }

  @Test
  void permutationsBeyondSixteenBitIndicesMatchNumpy() {
    // above 65535 the rejection mask needs all 32 bits
    int[] large = new NumpyRandom(42).permutation(70000);
    assertArrayEquals(new int[] {46730, 48393, 41416, 34506, 43725, 11615},
        java.util.Arrays.copyOfRange(large, 0, 6));
    assertArrayEquals(new int[] {6265, 54886, 860, 15795}, java.util.Arrays.copyOfRange(large, 69996, 70000));
    assertArrayEquals(new int[] {27570, 26272, 288783, 78270, 54990, 148430},
        java.util.Arrays.copyOfRange(new NumpyRandom(3).permutation(300000), 0, 6));
  }

  @Test
  void intervalOfExactlyTwoToTheSixteenUsesTheFullMask() {
    // the first swap of permutation(65537) draws from [0, 65536]: the one bound whose mask needs the
    // final 16-bit shift; the element it moves to the end is never touched again
    assertEquals(43567, new NumpyRandom(0).permutation(65537)[65536]);
    assertEquals(59011, new NumpyRandom(3).permutation(65537)[65536]);
    assertEquals(11863, new NumpyRandom(4).permutation(65537)[65536]);
  }

  @Test
  void seedsOutsideNumpysRangeAreRefused() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(-1));
    assertEquals("seed must be between 0 and 4294967295 (numpy's RandomState range), got -1",
        error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(1L << 32));
  }

  @Test
  void intervalStaysWithinBounds() {
    NumpyRandom random = new NumpyRandom(9);
    assertEquals(0, random.nextInterval(0));
    for (int i = 0; i < 1000; i++) {
      int value = random.nextInterval(5);
      assertEquals(true, value >= 0 && value <= 5, "value " + value);
    }
  }
}
