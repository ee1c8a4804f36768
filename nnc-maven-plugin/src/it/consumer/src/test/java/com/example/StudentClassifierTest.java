package com.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.shipped.StudentClassifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classifier nnc:generate exported from src/main/nn/student.nn with the weights in
 * src/main/nnw/student.nnw: the cheat sheet's students, answered as `nnc predict` answers them.
 */
class StudentClassifierTest {

  @Test
  void namesComeFromTheModelFile() {
    assertEquals(List.of("study_hours", "sleep_hours"), StudentClassifier.FEATURE_NAMES);
    assertEquals(List.of("Fail", "Pass"), StudentClassifier.CLASS_NAMES);
  }

  @Test
  void predictsTheCheatSheetsStudents() {
    assertEquals("Pass", StudentClassifier.predictName(new float[] {6, 7}));
    assertEquals(0, StudentClassifier.predict(new float[] {2, 4}));
    float[] p = StudentClassifier.probabilities(new float[] {6, 7});
    assertEquals(1f, p[0] + p[1], 1e-6f);
    assertTrue(p[1] > 0.99f, "P(Pass) for 6 h study, 7 h sleep: " + p[1]);
    assertArrayEquals(new int[] {1, 0, 1, 0}, StudentClassifier.predict(new float[][] {{6, 7}, {2, 4}, {8, 8}, {1, 3}}));
  }
}
