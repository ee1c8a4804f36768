package dev.nnc.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  @Test
  void countsActualAgainstPredicted() {
    ConfusionMatrix matrix = ConfusionMatrix.of(3, new float[] {0, 1, 2, 2, 2}, new int[] {0, 0, 2, 2, 1});
    assertEquals(1, matrix.count(0, 0));
    assertEquals(1, matrix.count(1, 0));
    assertEquals(1, matrix.count(2, 1));
    assertEquals(2, matrix.count(2, 2));
    assertEquals(0, matrix.count(0, 2));
    assertEquals(3, matrix.actualCount(2));
    assertEquals(2, matrix.predictedCount(0));
    assertEquals(5, matrix.total());
    assertEquals(3, matrix.correct());
  }

  @Test
  void formatsAnAlignedTable() {
    ConfusionMatrix matrix = new ConfusionMatrix(2);
    for (int i = 0; i < 12; i++) {
      matrix.add(0, 0);
    }
    matrix.add(0, 1);
    matrix.add(1, 0);
    matrix.add(1, 1);
    String expected = ""
        + "actual \\ predicted  fail  pass\n"
        + "fail                  12     1\n"
        + "pass                   1     1\n";
    assertEquals(expected, matrix.format(List.of("fail", "pass")));
  }

  @Test
  void theLabelColumnIsAsWideAsTheLongestClassName() {
    ConfusionMatrix matrix = new ConfusionMatrix(2);
    matrix.add(1, 0);
    assertEquals(""
        + "actual \\ predicted      a  a_very_long_class_name\n"
        + "a                       0                       0\n"
        + "a_very_long_class_name  1                       0\n",
        matrix.format(List.of("a", "a_very_long_class_name")));
  }

  @Test
  void refusesClassesOutOfRange() {
    ConfusionMatrix matrix = new ConfusionMatrix(2);
    assertThrows(IllegalArgumentException.class, () -> matrix.add(2, 0));
    assertThrows(IllegalArgumentException.class, () -> matrix.add(0, -1));
    assertThrows(IllegalArgumentException.class, () -> matrix.format(List.of("one")));
    assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(0));
  }
}
