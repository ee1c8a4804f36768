package dev.nnc.runtime.train.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.runtime.train.EpochResult;
import org.junit.jupiter.api.Test;

/** The closed-form schedules against the values PyTorch documents. */
class SchedulesTest {

  /** The learning rate of epochs 0 .. count-1, as the trainer drives a schedule. */
  static double[] rates(LearningRateSchedule schedule, double base, int count) {
    double[] rates = new double[count];
    rates[0] = schedule.start(base);
    for (int epoch = 1; epoch < count; epoch++) {
      rates[epoch] = schedule.step(rates[epoch - 1], result(epoch, Double.NaN));
    }
    return rates;
  }

  static EpochResult result(int epoch, double validationLoss) {
    return new EpochResult(epoch, 1f, 0f, Float.NaN, (float) validationLoss, Float.NaN, 0, 0);
  }

  @Test
  void stepLrDividesByTenEveryThirtyEpochs() {
    // torch docs: lr = 0.05 if epoch < 30; 0.005 if 30 <= epoch < 60; 0.0005 if 60 <= epoch < 90
    double[] rates = rates(new StepLR(30), 0.05, 90);
    for (int epoch = 0; epoch < 90; epoch++) {
      double expected = epoch < 30 ? 0.05 : epoch < 60 ? 0.005 : 0.0005;
      assertEquals(expected, rates[epoch], 1e-15, "epoch " + epoch);
    }
    double[] fromTenth = rates(new StepLR(30, 0.1), 0.1, 60);
    assertEquals(0.1, fromTenth[29]);
    assertEquals(0.01, fromTenth[30], 1e-16);
    assertEquals(0.01, fromTenth[59], 1e-16);
  }

  @Test
  void exponentialLrMultipliesEveryEpoch() {
    double[] rates = rates(new ExponentialLR(0.9), 0.05, 4);
    assertArrayEquals(new double[] {0.05, 0.045, 0.0405, 0.03645}, rates, 1e-15);
  }

  @Test
  void cosineAnnealingFollowsTheDocumentedClosedForm() {
    double[] rates = rates(new CosineAnnealingLR(10), 0.1, 21);
    assertEquals(0.1, rates[0]);
    assertEquals(0.1 * (1 + Math.cos(Math.PI / 10)) / 2, rates[1], 1e-17);
    assertEquals(0.09755282581475769, rates[1], 1e-16);
    assertEquals(0.05, rates[5], 1e-16);
    assertEquals(0.0, rates[10]); // cos(pi) = -1: exactly eta_min
    assertEquals(0.05, rates[15], 1e-16); // past T_max the cosine rises again, as in PyTorch
    assertEquals(0.1, rates[20], 1e-16);
    double[] withFloor = rates(new CosineAnnealingLR(4, 0.001), 0.1, 5);
    assertEquals(0.001 + 0.099 / 2, withFloor[2], 1e-16);
    assertEquals(0.001, withFloor[4], 1e-16);
  }

  @Test
  void aRestoredScheduleContinuesTheSequence() {
    double[] straight = rates(new CosineAnnealingLR(7, 0.01), 0.3, 10);
    CosineAnnealingLR first = new CosineAnnealingLR(7, 0.01);
    double[] before = rates(first, 0.3, 4); // epochs 0..3
    CosineAnnealingLR resumed = new CosineAnnealingLR(7, 0.01);
    resumed.start(999); // the base rate comes from the saved state
    resumed.restore(first.state());
    assertEquals(before[3], straight[3]);
    double rate = before[3];
    for (int epoch = 4; epoch < 10; epoch++) {
      rate = resumed.step(rate, result(epoch, Double.NaN));
      assertEquals(straight[epoch], rate, 0, "epoch " + epoch);
    }
    assertThrows(IllegalArgumentException.class, () -> new StepLR(3).restore(first.state()));
  }

  @Test
  void describesItselfAndRefusesBadSettings() {
    assertEquals("StepLR(step_size=30, gamma=0.1)", new StepLR(30).describe());
    assertEquals("CosineAnnealingLR(T_max=10, eta_min=0.0)", new CosineAnnealingLR(10).describe());
    assertEquals("ExponentialLR(gamma=0.95)", new ExponentialLR(0.95).describe());
    assertEquals("StepLR step size must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new StepLR(0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ExponentialLR(-0.5));
    assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(0));
    assertThrows(IllegalStateException.class, () -> new StepLR(2).step(0.1, result(1, 0)));
  }
}
