package dev.nnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OptimizerStateTest {

  @Test
  void formatsHyperparametersAsPythonPrintsThem() {
    assertEquals("0.001", OptimizerState.format(1e-3));
    assertEquals("0.0001", OptimizerState.format(1e-4));
    assertEquals("1e-05", OptimizerState.format(1e-5));
    assertEquals("1e-08", OptimizerState.format(1e-8));
    assertEquals("2.5e-07", OptimizerState.format(2.5e-7));
    assertEquals("0.999", OptimizerState.format(0.999));
    assertEquals("0", OptimizerState.format(0));
    assertEquals("3", OptimizerState.format(3));
    assertEquals("-0.5", OptimizerState.format(-0.5));
  }
}
