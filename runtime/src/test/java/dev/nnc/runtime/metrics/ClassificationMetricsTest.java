package dev.nnc.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  private static final double EPS = 1e-9;

  @Test
  void binaryMetricsAreThoseOfThePositiveClass() {
    // tp 3, fn 1, fp 2, tn 4
    ClassificationMetrics metrics = ClassificationMetrics.of(ConfusionMatrix.of(2,
        new float[] {1, 1, 1, 1, 0, 0, 0, 0, 0, 0}, new int[] {1, 1, 1, 0, 1, 1, 0, 0, 0, 0}));
    assertTrue(metrics.isBinary());
    assertEquals(0.7, metrics.accuracy(), EPS);
    assertEquals(0.6, metrics.positivePrecision(), EPS);
    assertEquals(0.75, metrics.positiveRecall(), EPS);
    assertEquals(2.0 / 3, metrics.positiveF1(), EPS); // 2*3 / (2*3 + 2 + 1)
    // class 0: precision 4/5, recall 4/6, f1 8/11
    assertEquals((0.8 + 0.6) / 2, metrics.macroPrecision(), EPS);
    assertEquals((4.0 / 6 + 0.75) / 2, metrics.macroRecall(), EPS);
    assertEquals((8.0 / 11 + 2.0 / 3) / 2, metrics.macroF1(), EPS);
    assertEquals((0.8 * 6 + 0.6 * 4) / 10, metrics.weightedPrecision(), EPS);
    assertEquals(0.7, metrics.weightedRecall(), EPS);
    assertEquals((8.0 / 11 * 6 + 2.0 / 3 * 4) / 10, metrics.weightedF1(), EPS);
  }

  @Test
  void zeroDivisionCountsAsZero() {
    // nothing predicted positive: precision 0/0 -> 0, recall 0/2 = 0, f1 0
    ClassificationMetrics metrics = ClassificationMetrics.of(
        ConfusionMatrix.of(2, new float[] {1, 1, 0}, new int[] {0, 0, 0}));
    assertEquals(0, metrics.positivePrecision());
    assertEquals(0, metrics.positiveRecall());
    assertEquals(0, metrics.positiveF1());
    assertEquals(1.0 / 3, metrics.accuracy(), EPS);
  }

  @Test
  void multiClassMatchesScikitLearnsClassificationReportExample() {
    // sklearn docs: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1]
    ClassificationMetrics metrics = ClassificationMetrics.of(
        ConfusionMatrix.of(3, new float[] {0, 1, 2, 2, 2}, new int[] {0, 0, 2, 2, 1}));
    assertEquals(0.5, metrics.precision(0), EPS);
    assertEquals(1.0, metrics.recall(0), EPS);
    assertEquals(2.0 / 3, metrics.f1(0), EPS);
    assertEquals(0.0, metrics.precision(1), EPS);
    assertEquals(0.0, metrics.f1(1), EPS);
    assertEquals(1.0, metrics.precision(2), EPS);
    assertEquals(2.0 / 3, metrics.recall(2), EPS);
    assertEquals(0.8, metrics.f1(2), EPS);
    assertEquals(3, metrics.support(2));
    assertEquals(0.6, metrics.accuracy(), EPS);
    assertEquals(0.5, metrics.macroPrecision(), EPS);
    assertEquals(5.0 / 9, metrics.macroRecall(), EPS);
    assertEquals((2.0 / 3 + 0.8) / 3, metrics.macroF1(), EPS);
    assertEquals(0.7, metrics.weightedPrecision(), EPS);
    assertEquals(0.6, metrics.weightedRecall(), EPS);
    assertEquals((2.0 / 3 + 3 * 0.8) / 5, metrics.weightedF1(), EPS);
  }

  @Test
  void macroAveragesSkipClassesThatNeverOccur() {
    // class 2 is neither actual nor predicted, so sklearn (labels inferred) averages over 2 classes
    ClassificationMetrics metrics = ClassificationMetrics.of(
        ConfusionMatrix.of(3, new float[] {0, 1, 0, 1}, new int[] {0, 1, 1, 1}));
    assertEquals((1.0 + 2.0 / 3) / 2, metrics.macroPrecision(), EPS);
    assertEquals((0.5 + 1.0) / 2, metrics.macroRecall(), EPS);
  }

  @Test
  void reportLaysOutEveryFigure() {
    ClassificationMetrics metrics = ClassificationMetrics.of(
        ConfusionMatrix.of(3, new float[] {0, 1, 2, 2, 2}, new int[] {0, 0, 2, 2, 1}));
    String expected = ""
        + "              precision     recall   f1-score    support\n"
        + "class 0          0.5000     1.0000     0.6667          1\n"
        + "class 1          0.0000     0.0000     0.0000          1\n"
        + "class 2          1.0000     0.6667     0.8000          3\n"
        + "\n"
        + "accuracy                               0.6000          5\n"
        + "macro avg        0.5000     0.5556     0.4889          5\n"
        + "weighted avg     0.7000     0.6000     0.6133          5\n";
    assertEquals(expected, metrics.report(List.of("class 0", "class 1", "class 2")));
  }

  @Test
  void emptyMatrixHasNoAccuracyAndPositiveMetricsNeedTwoClasses() {
    assertTrue(Double.isNaN(ClassificationMetrics.of(new ConfusionMatrix(2)).accuracy()));
    assertThrows(IllegalStateException.class,
        () -> ClassificationMetrics.of(new ConfusionMatrix(3)).positivePrecision());
  }
}
