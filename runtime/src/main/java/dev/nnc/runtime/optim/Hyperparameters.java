package dev.nnc.runtime.optim;

import java.math.BigDecimal;

/** Checks and formatting of hyperparameters, shared by the optimizers. */
final class Hyperparameters {

  private Hyperparameters() {}

  /** Checks that a step gets matching arrays of the length the state was allocated for. */
  static void checkLengths(float[] params, float[] grads, float[] state) {
    if (params.length != grads.length) {
      throw new IllegalArgumentException(
          params.length + " parameters but " + grads.length + " gradients");
    }
    if (state != null && state.length != params.length) {
      throw new IllegalStateException("this optimizer was used for " + state.length
          + " parameters and cannot step " + params.length);
    }
  }

  static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a non-negative number, got " + value);
    }
  }

  static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive number, got " + value);
    }
  }

  static void requireFraction(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
  }

  /**
   * A hyperparameter as Python prints a float, using the shortest text that reads back as the same
   * float32: 0.001, 0.0001, 1e-05, 1e-08; whole numbers without a fraction, e.g. 0 or 100.
   */
  static String format(double value) {
    float f = (float) value;
    if (f == 0) {
      return "0";
    }
    BigDecimal shortest = new BigDecimal(Float.toString(f)).stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent >= -4 && exponent < 16) {
      return shortest.toPlainString();
    }
    String digits = shortest.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String sign = f < 0 ? "-" : "";
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
  }
}
