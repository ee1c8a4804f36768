package dev.nnc.runtime.metrics;

/**
 * Mean squared error, mean absolute error and the coefficient of determination R², defined as
 * scikit-learn's {@code mean_squared_error}, {@code mean_absolute_error} and {@code r2_score}
 * (with its default {@code force_finite=True}). Sums are taken in double.
 *
 * @param mse mean of (predicted - actual)^2
 * @param mae mean of |predicted - actual|
 * @param r2 1 - SS_res / SS_tot; for constant actual values 1 if the predictions are exact, else 0
 * @param count number of values compared
 */
public record RegressionMetrics(double mse, double mae, double r2, int count) {

  /**
   * Compares the first {@code count} values of two arrays.
   *
   * @throws IllegalArgumentException if {@code count} is less than 1 or longer than either array
   */
  public static RegressionMetrics of(float[] predicted, float[] actual, int count) {
    if (count < 1 || count > predicted.length || count > actual.length) {
      throw new IllegalArgumentException("cannot compare " + count + " values of arrays of length "
          + predicted.length + " and " + actual.length);
    }
    double mean = 0;
    for (int i = 0; i < count; i++) {
      mean += actual[i];
    }
    mean /= count;
    double squaredErrors = 0;
    double absoluteErrors = 0;
    double totalSquares = 0;
    for (int i = 0; i < count; i++) {
      double error = (double) predicted[i] - actual[i];
      squaredErrors += error * error;
      absoluteErrors += Math.abs(error);
      double deviation = actual[i] - mean;
      totalSquares += deviation * deviation;
    }
    double r2;
    if (totalSquares == 0) {
      r2 = squaredErrors == 0 ? 1 : 0;
    } else {
      r2 = 1 - squaredErrors / totalSquares;
    }
    return new RegressionMetrics(squaredErrors / count, absoluteErrors / count, r2, count);
  }

  /** Square root of {@link #mse()}. */
  public double rmse() {
    return Math.sqrt(mse);
  }
}
