package dev.nnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HyperparametersTest {

  @Test
  void formatsHyperparametersAsPythonPrintsThem() {
    assertEquals("0.001", Hyperparameters.format(1e-3));
    assertEquals("0.0001", Hyperparameters.format(1e-4));
    assertEquals("1e-05", Hyperparameters.format(1e-5));
    assertEquals("1e-08", Hyperparameters.format(1e-8));
    assertEquals("2.5e-07", Hyperparameters.format(2.5e-7));
    assertEquals("0.999", Hyperparameters.format(0.999));
    assertEquals("0", Hyperparameters.format(0));
    assertEquals("3", Hyperparameters.format(3));
    assertEquals("-0.5", Hyperparameters.format(-0.5));
  }
}
