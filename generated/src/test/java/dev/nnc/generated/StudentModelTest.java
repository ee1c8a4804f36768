package dev.nnc.generated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.models.StudentPerformance;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.check.GradientCheck;
import dev.nnc.runtime.train.Initializer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The class the build generated from models/student.nn, in both flavours. */
class StudentModelTest {

  static final int BATCH = 6;

  @Test
  void shapesComeFromTheModelFile() {
    StudentPerformance net = new StudentPerformance(BATCH);
    assertEquals(2, net.inputSize());
    assertEquals(1, net.outputSize());
    // 2x16 weights + 16 biases + 16x1 weights + 1 bias
    assertEquals(65, net.parameters().length);
    assertEquals("StudentPerformance", net.modelName());
    assertEquals("bce", net.loss().name());
  }

  @Test
  void backwardMatchesFiniteDifferences() {
    for (Network net : List.of(new StudentPerformance(BATCH), new dev.nnc.models.scalar.StudentPerformance(BATCH))) {
      Initializer.initialize(net, 42);
      float[] x = new float[BATCH * 2];
      float[] y = new float[BATCH];
      Random random = new Random(7);
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) random.nextGaussian();
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = random.nextInt(2);
      }
      assertEquals(List.of(), new GradientCheck(2e-4, 2e-2).run(net, x, y, BATCH), net.getClass().getName());
    }
  }

  @Test
  void vectorAndScalarFlavoursPredictTheSameBits() {
    StudentPerformance vector = new StudentPerformance(1);
    dev.nnc.models.scalar.StudentPerformance scalar = new dev.nnc.models.scalar.StudentPerformance(1);
    Initializer.initialize(vector, 3);
    Initializer.initialize(scalar, 3);
    Random random = new Random(11);
    float[] a = new float[1];
    float[] b = new float[1];
    for (int i = 0; i < 1000; i++) {
      float[] x = {(float) random.nextGaussian() * 3, (float) random.nextGaussian() * 3};
      vector.predict(x, a);
      scalar.predict(x, b);
      assertEquals(Float.floatToIntBits(b[0]), Float.floatToIntBits(a[0]), "sample " + i);
      assertTrue(a[0] > 0 && a[0] < 1, "sigmoid output out of range: " + a[0]);
    }
  }
}
