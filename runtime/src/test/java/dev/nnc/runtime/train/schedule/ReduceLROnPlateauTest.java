package dev.nnc.runtime.train.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.runtime.train.Mode;
import dev.nnc.runtime.train.Monitor;
import dev.nnc.runtime.train.schedule.ReduceLROnPlateau.ThresholdMode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReduceLROnPlateauTest {

  /** The rate after each step with the given monitored validation losses. */
  private static double[] run(ReduceLROnPlateau schedule, double base, double... values) {
    double[] rates = new double[values.length];
    double rate = schedule.start(base);
    for (int i = 0; i < values.length; i++) {
      rate = schedule.step(rate, SchedulesTest.result(i + 1, values[i]));
      rates[i] = rate;
    }
    return rates;
  }

  @Test
  void followsTorchsPatienceCooldownAndMinimum() {
    ReduceLROnPlateau schedule = new ReduceLROnPlateau(Monitor.VAL_LOSS, Mode.MIN, 0.5, 2, 1e-4,
        ThresholdMode.REL, 1, 0.02);
    double[] rates = run(schedule, 0.1,
        1.0, // best
        0.99995, // not below 1.0 * (1 - 1e-4): bad 1
        1.2, // bad 2
        1.1, // bad 3 > patience 2: lr 0.05, cooldown 1
        1.3, // bad, but the cooldown resets the count
        1.3, 1.3, // bad 1, 2
        1.3, // bad 3: lr 0.025
        0.5, // new best
        0.6, 0.6, // bad 1, 2
        0.6, // bad 3: max(0.0125, min_lr 0.02) = 0.02
        0.6, 0.6, 0.6, 0.6); // cooldown, then bad 1, 2, 3: already at min_lr
    assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025,
        0.02, 0.02, 0.02, 0.02, 0.02}, rates, 1e-15);
  }

  @Test
  void maxModeWithAnAbsoluteThreshold() {
    ReduceLROnPlateau schedule = new ReduceLROnPlateau(Monitor.VAL_ACCURACY, Mode.MAX, 0.1, 0, 0.05,
        ThresholdMode.ABS, 0, 0);
    double rate = schedule.start(1.0);
    rate = schedule.step(rate, accuracy(0.5)); // best 0.5
    assertEquals(1.0, rate);
    rate = schedule.step(rate, accuracy(0.54)); // not above 0.5 + 0.05: reduced at once (patience 0)
    assertEquals(0.1, rate, 1e-15);
    rate = schedule.step(rate, accuracy(0.56)); // improves
    assertEquals(0.1, rate, 1e-15);
  }

  private static dev.nnc.runtime.train.EpochResult accuracy(double value) {
    return new dev.nnc.runtime.train.EpochResult(1, 1f, 0f, Float.NaN, 1f, (float) value, 0, 0);
  }

  @Test
  void reductionsSmallerThanEpsAreIgnoredAndNanNeverImproves() {
    ReduceLROnPlateau schedule = new ReduceLROnPlateau(Monitor.VAL_LOSS, Mode.MIN, 0.1, 0, 1e-4,
        ThresholdMode.REL, 0, 0);
    // 1e-8 * 0.1 differs from 1e-8 by 9e-9 < eps 1e-8: PyTorch keeps the rate
    assertArrayEquals(new double[] {1e-8, 1e-8}, run(schedule, 1e-8, 1.0, 2.0), 0);
    ReduceLROnPlateau nan = new ReduceLROnPlateau(Monitor.VAL_LOSS, Mode.MIN, 0.5, 1, 1e-4,
        ThresholdMode.REL, 0, 0);
    assertArrayEquals(new double[] {1, 1, 0.5}, run(nan, 1, 1.0, Double.NaN, Double.NaN), 0);
  }

  @Test
  void defaultsAreTorchDefaultsAndTheStateRoundTrips() {
    ReduceLROnPlateau schedule = new ReduceLROnPlateau(Monitor.VAL_LOSS, Mode.MIN);
    assertEquals("ReduceLROnPlateau(monitor=val_loss, mode=min, factor=0.1, patience=10, threshold=1.0E-4,"
        + " threshold_mode=rel, cooldown=0, min_lr=0.0)", schedule.describe());
    assertEquals(Optional.of(Monitor.VAL_LOSS), schedule.monitor());
    double[] values = new double[14];
    java.util.Arrays.fill(values, 1.0);
    double[] rates = run(schedule, 0.1, values);
    assertEquals(0.1, rates[10]); // 10 bad epochs are within patience
    assertEquals(0.01, rates[11], 1e-16); // the 11th is one too many

    ReduceLROnPlateau first = new ReduceLROnPlateau(Monitor.VAL_LOSS, Mode.MIN, 0.5, 2, 1e-4,
        ThresholdMode.REL, 1, 0);
    run(first, 0.1, 1.0, 1.1, 1.1);
    ReduceLROnPlateau resumed = new ReduceLROnPlateau(Monitor.VAL_LOSS, Mode.MIN, 0.5, 2, 1e-4,
        ThresholdMode.REL, 1, 0);
    resumed.start(0.1);
    resumed.restore(first.state());
    assertEquals(first.state(), resumed.state());
    assertEquals(0.05, resumed.step(0.1, SchedulesTest.result(4, 1.1)), 1e-16); // bad 3 > 2
  }

  @Test
  void refusesBadSettings() {
    assertThrows(IllegalArgumentException.class,
        () -> new ReduceLROnPlateau(Monitor.LOSS, Mode.MIN, 1.0, 1, 0, ThresholdMode.REL, 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new ReduceLROnPlateau(Monitor.LOSS, Mode.MIN, 0.5, -1, 0, ThresholdMode.REL, 0, 0));
  }
}
