package dev.nnc.generated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.models.StudentPerformance;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.data.CsvTable;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.LabelKind;
import dev.nnc.runtime.data.StandardScaler;
import dev.nnc.runtime.data.TrainTestSplit;
import dev.nnc.runtime.optim.Adam;
import dev.nnc.runtime.train.Initializer;
import dev.nnc.runtime.train.Trainer;
import dev.nnc.runtime.train.TrainingHistory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cheat sheet's case study trained with the generated class, checked against an independent
 * float64 NumPy implementation of the same run (resources/reference/student_reference.py, which starts
 * from the same initial weights) and against the cheat sheet's outcome.
 */
class StudentTrainingTest {

  record Run(TrainingHistory history, float[] parameters, float probability, double testAccuracy) {}

  static Run train(Network net) {
    CsvTable table = CsvTable.read(Path.of("..", "models", "data", "student.csv"), "student.csv");
    Dataset all = Dataset.fromTable(table, List.of("study_hours", "sleep_hours"), "result", LabelKind.BINARY,
        List.of("Fail", "Pass"));
    TrainTestSplit split = TrainTestSplit.split(all.rows(), 0.2, 42);
    Dataset train = all.rows(split.train());
    Dataset test = all.rows(split.test());
    StandardScaler scaler = StandardScaler.fit(train.features(), train.rows(), train.featureCount());
    scaler.transform(train.features(), train.rows());
    scaler.transform(test.features(), test.rows());

    Initializer.initialize(net, 42);
    TrainingHistory history = new Trainer(net, new Adam(0.01), 2, false, 42).fit(train, 100);

    float[] outputs = Trainer.predictAll(net, test);
    int correct = 0;
    for (int i = 0; i < test.rows(); i++) {
      correct += (outputs[i] > 0.5f) == (test.targets()[i] == 1f) ? 1 : 0;
    }
    float[] student = {6, 7};
    scaler.transformRow(student);
    float[] out = new float[1];
    net.predict(student, out);
    return new Run(history, net.parameters().clone(), out[0], (double) correct / test.rows());
  }

  @Test
  void reachesTheCheatSheetsOutcome() {
    Run run = train(new StudentPerformance(2));
    float[] losses = run.history().losses();
    for (int epoch = 10; epoch < losses.length; epoch += 10) {
      assertTrue(losses[epoch] < losses[epoch - 10], "loss rose between epochs " + epoch + " and " + (epoch + 10));
    }
    assertTrue(losses[99] < 0.1 * losses[0], "loss fell too little: " + losses[0] + " -> " + losses[99]);
    assertEquals(1.0, run.testAccuracy(), "accuracy on the held-out rows");
    assertTrue(run.probability() > 0.5, "a student with 6 study and 7 sleep hours should pass: " + run.probability());
  }

  @Test
  void matchesTheNumpyReferenceRun() throws IOException {
    List<Float> initial = new ArrayList<>();
    for (String line : resource("student-initial.txt")) {
      initial.add(Float.parseFloat(line));
    }
    StudentPerformance net = new StudentPerformance(2);
    Initializer.initialize(net, 42);
    assertEquals(initial.size(), net.parameters().length);
    for (int i = 0; i < initial.size(); i++) {
      assertEquals(initial.get(i), net.parameters()[i], 0f, "initial parameter " + i + " is not the reference's");
    }

    Run run = train(new StudentPerformance(2));
    int parameter = 0;
    for (String line : resource("student-reference.txt")) {
      String[] parts = line.split(" ");
      switch (parts[0]) {
        case "loss" -> {
          int epoch = Integer.parseInt(parts[1]);
          double expected = Double.parseDouble(parts[2]);
          assertEquals(expected, run.history().loss(epoch), 1e-3 * expected, "mean loss of epoch " + epoch);
        }
        case "predict_6_7" -> assertEquals(Double.parseDouble(parts[1]), run.probability(), 1e-5);
        case "param" -> {
          double expected = Double.parseDouble(parts[1]);
          assertEquals(expected, run.parameters()[parameter], 1e-3 + 1e-3 * Math.abs(expected), "parameter " + parameter);
          parameter++;
        }
        default -> throw new AssertionError("unexpected line " + line);
      }
    }
    assertEquals(net.parameters().length, parameter);
  }

  @Test
  void sameSeedGivesBitIdenticalWeights() {
    Run first = train(new StudentPerformance(2));
    Run second = train(new StudentPerformance(2));
    // The scalar flavour performs the same float operations in the same order.
    Run scalar = train(new dev.nnc.models.scalar.StudentPerformance(2));
    assertArrayEquals(first.parameters(), second.parameters());
    assertArrayEquals(first.parameters(), scalar.parameters());
  }

  private static List<String> resource(String name) throws IOException {
    try (InputStream in = StudentTrainingTest.class.getResourceAsStream("/reference/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
  }
}
