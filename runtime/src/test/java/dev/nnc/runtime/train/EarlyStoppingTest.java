package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.testing.LogisticRegressionNetwork;
import org.junit.jupiter.api.Test;

/** Keras's EarlyStopping, replayed by hand. */
class EarlyStoppingTest {

  private final LogisticRegressionNetwork net = new LogisticRegressionNetwork(1, 1).withRunningMean();

  /** Feeds the values as epochs 1, 2, ...; the parameters and state hold the epoch number. */
  private int stopEpoch(EarlyStopping stopping, double... values) {
    stopping.start();
    for (int i = 0; i < values.length; i++) {
      java.util.Arrays.fill(net.parameters(), i + 1);
      net.state()[0] = -(i + 1);
      if (stopping.update(i + 1, values[i], net)) {
        return i + 1;
      }
    }
    return 0;
  }

  @Test
  void stopsAfterPatienceEpochsWithoutImprovement() {
    EarlyStopping stopping = new EarlyStopping(Monitor.VAL_LOSS, 2);
    assertEquals(4, stopEpoch(stopping, 1.0, 0.8, 0.85, 0.9, 0.1));
    assertEquals(2, stopping.bestEpoch());
    assertEquals(0.8, stopping.best());
    assertEquals(4, stopping.stoppedEpoch());
    // an improvement resets the count
    assertEquals(0, stopEpoch(stopping, 1.0, 1.1, 0.9, 1.0, 0.8, 0.85));
  }

  @Test
  void patienceZeroStopsAtTheFirstEpochWithoutImprovement() {
    assertEquals(3, stopEpoch(new EarlyStopping(Monitor.VAL_LOSS, 0), 1.0, 0.9, 0.9));
  }

  @Test
  void minDeltaIsTheLeastImprovementThatCounts() {
    EarlyStopping stopping = new EarlyStopping(Monitor.VAL_LOSS, Mode.MIN, 1, -0.05, true);
    assertEquals(0.05, stopping.minDelta()); // Keras takes its absolute value
    assertEquals(2, stopEpoch(stopping, 1.0, 0.96)); // 0.96 + 0.05 is not below 1.0
    assertEquals(0, stopEpoch(stopping, 1.0, 0.94));
  }

  @Test
  void maxModeForAccuracies() {
    EarlyStopping stopping = new EarlyStopping(Monitor.VAL_ACCURACY, 1);
    assertEquals(Mode.MAX, stopping.mode());
    assertEquals(3, stopEpoch(stopping, 0.5, 0.7, 0.6));
    assertEquals(2, stopping.bestEpoch());
  }

  @Test
  void nanNeverImproves() {
    EarlyStopping stopping = new EarlyStopping(Monitor.VAL_LOSS, 1);
    assertEquals(2, stopEpoch(stopping, 1.0, Double.NaN));
    assertEquals(1, stopping.bestEpoch());
  }

  @Test
  void restoresTheBestParametersAndState() {
    EarlyStopping stopping = new EarlyStopping(Monitor.VAL_LOSS, 2);
    stopEpoch(stopping, 1.0, 0.8, 0.85, 0.9);
    assertEquals(2, stopping.restoreBestInto(net));
    assertArrayEquals(new float[] {2, 2}, net.parameters());
    assertArrayEquals(new float[] {-2}, net.state());
    EarlyStopping keepLast = new EarlyStopping(Monitor.VAL_LOSS, Mode.MIN, 2, 0, false);
    stopEpoch(keepLast, 1.0, 0.8, 0.85, 0.9);
    assertEquals(0, keepLast.restoreBestInto(net));
    assertArrayEquals(new float[] {4, 4}, net.parameters());
  }

  @Test
  void theStateRoundTrips() {
    EarlyStopping first = new EarlyStopping(Monitor.VAL_LOSS, 3);
    stopEpoch(first, 1.0, 0.8, 0.9);
    EarlyStoppingState saved = first.state();
    assertEquals(new EarlyStoppingState(0.8, 2, 1, 0, new float[] {2, 2}, new float[] {-2}), saved);
    EarlyStopping resumed = new EarlyStopping(Monitor.VAL_LOSS, 3);
    resumed.restore(saved);
    assertEquals(saved, resumed.state());
    assertFalse(resumed.update(4, 0.95, net)); // waits 2
    assertTrue(resumed.update(5, 0.95, net)); // waits 3 = patience
  }

  @Test
  void refusesANegativePatience() {
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(Monitor.LOSS, -1));
    assertEquals("EarlyStopping(monitor=val_loss, mode=min, patience=5, min_delta=0.0,"
        + " restore_best_weights=True)", new EarlyStopping(Monitor.VAL_LOSS, 5).describe());
  }
}
