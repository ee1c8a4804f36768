package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Expected indices follow scikit-learn's ShuffleSplit: perm = RandomState(seed).permutation(n),
 * n_test = ceil(f * n), test = perm[:n_test], train = perm[n_test:]; permutations from numpy 2.4.6.
 */
class TrainTestSplitTest {

  @Test
  void matchesScikitLearn() {
    TrainTestSplit split = TrainTestSplit.split(10, 0.2, 42);
    assertArrayEquals(new int[] {8, 1}, split.test());
    assertArrayEquals(new int[] {5, 0, 7, 2, 9, 4, 3, 6}, split.train());

    TrainTestSplit larger = TrainTestSplit.split(23, 0.25, 7);
    assertArrayEquals(new int[] {1, 5, 2, 22, 20, 12}, larger.test()); // ceil(5.75) = 6
    assertArrayEquals(new int[] {11, 0, 21, 6, 18, 16, 13, 10, 17, 9, 8, 14, 7, 19, 3, 4, 15},
        larger.train());

    TrainTestSplit other = TrainTestSplit.split(20, 0.35, 3);
    assertArrayEquals(new int[] {14, 2, 1, 17, 4, 16, 6}, other.test());
    assertArrayEquals(new int[] {7, 15, 12, 9, 11, 19, 18, 13, 5, 0, 8, 3, 10}, other.train());
  }

  @Test
  void roundsTheTestSizeUpInDoubleArithmeticAsPythonDoes() {
    // 0.07 * 100 is 7.000000000000001 in binary floating point, so scikit-learn tests on 8 rows
    TrainTestSplit split = TrainTestSplit.split(100, 0.07, 1);
    assertArrayEquals(new int[] {80, 84, 33, 81, 93, 17, 36, 82}, split.test());
    assertEquals(92, split.train().length);
  }

  @Test
  void tooFewRowsSaysHowManyThereAreAndHowManyAreNeeded() {
    DataException one = assertThrows(DataException.class, () -> TrainTestSplit.split(1, 0.2, 0));
    assertEquals("error: the data has 1 row, too few for a 0.2 test split: it needs at least 2 rows so"
        + " that neither the training set nor the test set is empty", one.getMessage());
    DataException none = assertThrows(DataException.class, () -> TrainTestSplit.split(0, 0.2, 0));
    assertEquals("the data has 0 rows, too few for a 0.2 test split: it needs at least 2 rows so that"
        + " neither the training set nor the test set is empty", none.text());
    // ceil(0.9 n) leaves no training row until n = 10
    DataException large = assertThrows(DataException.class, () -> TrainTestSplit.split(9, 0.9, 0));
    assertEquals("the data has 9 rows, too few for a 0.9 test split: it needs at least 10 rows so that"
        + " neither the training set nor the test set is empty", large.text());
    assertEquals(1, TrainTestSplit.split(10, 0.9, 0).train().length);
  }

  @Test
  void fractionMustBeStrictlyBetweenZeroAndOne() {
    assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.split(10, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.split(10, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.split(10, Double.NaN, 0));
  }

  @Test
  void secondSplitMapsBackToOriginalRows() {
    TrainTestSplit first = TrainTestSplit.split(10, 0.2, 42); // train [5, 0, 7, 2, 9, 4, 3, 6]
    TrainTestSplit second = TrainTestSplit.split(first.train().length, 0.25, 0).within(first.train());
    // RandomState(0).permutation(8) = [6, 2, 1, 7, 3, 0, 5, 4]; ceil(0.25 * 8) = 2
    assertArrayEquals(new int[] {3, 7}, second.test());
    assertArrayEquals(new int[] {0, 6, 2, 5, 4, 9}, second.train());
    assertThrows(IllegalArgumentException.class, () -> second.within(new int[3]));
  }
}
