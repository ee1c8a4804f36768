package dev.nnc.runtime.train.schedule;

/** Checks shared by the schedules. */
final class Schedules {

  private Schedules() {}

  static void requireFactor(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a non-negative number, got " + value);
    }
  }
}
