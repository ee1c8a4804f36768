package dev.nnc.runtime.data;

/**
 * Row indices of a training set and a test set, chosen exactly as scikit-learn's
 * {@code train_test_split(..., test_size=f, random_state=seed, shuffle=True)} chooses them.
 *
 * <p>A validation set can be carved out of the training rows with a second split:
 * {@code TrainTestSplit.split(s.train().length, v, seed).within(s.train())}, which is what calling
 * {@code train_test_split} again on the training part does in scikit-learn.
 *
 * @param train indices of the training rows, in shuffled order
 * @param test indices of the test rows, in shuffled order
 */
public record TrainTestSplit(int[] train, int[] test) {

  /**
   * Splits {@code rows} rows: permute them with numpy's {@code RandomState(seed)}, take the first
   * ceil(testFraction * rows) as the test set and the rest as the training set.
   *
   * @param testFraction the share of rows to test on, strictly between 0 and 1
   * @param seed numpy seed, 0 to 2^32 - 1
   * @throws DataException (without a file; see {@link DataException#inFile}) if either part would be
   *     empty
   */
  public static TrainTestSplit split(int rows, double testFraction, long seed) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException(
          "the test fraction must be between 0 and 1 (exclusive), got " + testFraction);
    }
    int testRows = testRowCount(rows, testFraction);
    int trainRows = rows - testRows;
    if (testRows == 0 || trainRows == 0) {
      throw DataException.of("the data has " + rowWord(rows) + ", too few for a " + testFraction
          + " test split: it needs at least " + rowWord(minimumRows(testFraction))
          + " so that neither the training set nor the test set is empty");
    }
    int[] permutation = new NumpyRandom(seed).permutation(rows);
    int[] test = new int[testRows];
    int[] train = new int[trainRows];
    System.arraycopy(permutation, 0, test, 0, testRows);
    System.arraycopy(permutation, testRows, train, 0, trainRows);
    return new TrainTestSplit(train, test);
  }

  /**
   * This split applied to a subset: position {@code i} becomes row {@code rows[i]}. Used for a second
   * split of an earlier split's training rows.
   */
  public TrainTestSplit within(int[] rows) {
    if (rows.length != train.length + test.length) {
      throw new IllegalArgumentException(
          "this split covers " + (train.length + test.length) + " rows, not " + rows.length);
    }
    return new TrainTestSplit(pick(rows, train), pick(rows, test));
  }

  /** scikit-learn's rule: ceil(f * n), computed in double as Python does. */
  private static int testRowCount(int rows, double testFraction) {
    return (int) Math.ceil(testFraction * rows);
  }

  private static int minimumRows(double testFraction) {
    int rows = 2;
    while (testRowCount(rows, testFraction) == 0 || testRowCount(rows, testFraction) == rows) {
      rows++;
    }
    return rows;
  }

  private static int[] pick(int[] rows, int[] positions) {
    int[] picked = new int[positions.length];
    for (int i = 0; i < positions.length; i++) {
      picked[i] = rows[positions[i]];
    }
    return picked;
  }

  private static String rowWord(int rows) {
    return rows == 1 ? "1 row" : rows + " rows";
  }
}
