package dev.nnc.runtime.data;

import java.util.Arrays;

/**
 * Standardizes features to zero mean and unit variance, as scikit-learn's {@code StandardScaler}:
 * x' = (x - mean) / scale, where scale is the population standard deviation (ddof = 0), or 1 for a
 * column whose values are all equal (so it maps to 0 instead of dividing by zero).
 *
 * <p>The statistics are fitted on training rows only and stored with the weights, so prediction uses
 * exactly the transformation the network was trained on.
 */
public final class StandardScaler {

  private final float[] mean;
  private final float[] scale;

  /**
   * A scaler from stored statistics, e.g. read from a weights file.
   *
   * @throws IllegalArgumentException if the arrays differ in length or a scale is zero or not finite
   */
  public StandardScaler(float[] mean, float[] scale) {
    if (mean.length != scale.length) {
      throw new IllegalArgumentException(
          mean.length + " means but " + scale.length + " scales");
    }
    for (float s : scale) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw new IllegalArgumentException("scaler scale must be positive and finite, got " + s);
      }
    }
    this.mean = mean.clone();
    this.scale = scale.clone();
  }

  /** A scaler that leaves {@code featureCount} features unchanged. */
  public static StandardScaler identity(int featureCount) {
    float[] ones = new float[featureCount];
    Arrays.fill(ones, 1f);
    return new StandardScaler(new float[featureCount], ones);
  }

  /**
   * Fits to the first {@code rows} rows of a row-major array of {@code cols} columns. Sums are taken in
   * double, in two passes, so large offsets do not cost precision.
   */
  public static StandardScaler fit(float[] features, int rows, int cols) {
    if (rows < 1) {
      throw new IllegalArgumentException("cannot fit a scaler to " + rows + " rows");
    }
    float[] mean = new float[cols];
    float[] scale = new float[cols];
    for (int c = 0; c < cols; c++) {
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        sum += features[r * cols + c];
      }
      double columnMean = sum / rows;
      double squares = 0;
      for (int r = 0; r < rows; r++) {
        double deviation = features[r * cols + c] - columnMean;
        squares += deviation * deviation;
      }
      float std = (float) Math.sqrt(squares / rows);
      mean[c] = (float) columnMean;
      scale[c] = std > 0 ? std : 1f;
    }
    return new StandardScaler(mean, scale);
  }

  /** Number of features this scaler transforms. */
  public int featureCount() {
    return mean.length;
  }

  /** Standardizes the first {@code rows} rows of a row-major array in place. */
  public void transform(float[] data, int rows) {
    int cols = mean.length;
    for (int r = 0; r < rows; r++) {
      int start = r * cols;
      for (int c = 0; c < cols; c++) {
        data[start + c] = (data[start + c] - mean[c]) / scale[c];
      }
    }
  }

  /** Standardizes one sample in place (its first {@link #featureCount()} values). */
  public void transformRow(float[] row) {
    transform(row, 1);
  }

  /** The per-feature means (a copy). */
  public float[] mean() {
    return mean.clone();
  }

  /** The per-feature scales (a copy). */
  public float[] scale() {
    return scale.clone();
  }
}
