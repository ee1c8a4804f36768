package dev.nnc.cli;

import static dev.nnc.cli.Cli.assertNoStackTrace;
import static dev.nnc.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.Cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The student model through every command, as a user would run it. */
class TrainEndToEndTest {

  private static final Pattern EPOCH = Pattern.compile("Epoch \\[(\\d+)/100\\], Loss: (\\d+\\.\\d{4})");

  @TempDir static Path shared;

  static Path model;
  static Path weights;
  static Run training;

  @BeforeAll
  static void train() throws IOException {
    model = Cli.copyStudent(shared);
    weights = shared.resolve("out").resolve("student.nnw");
    training = run("train", model, "-o", weights);
  }

  @Test
  void trainPrintsTheCheatSheetReportAndSavesWeights() {
    Run r = training;
    assertEquals(0, r.code(), r.describe());
    assertNoStackTrace(r);
    assertTrue(r.err().isBlank(), r.describe());
    String out = r.out();
    assertTrue(out.contains("Model: StudentPerformance"), out);
    assertTrue(out.contains("dense 16 relu"), out);
    assertTrue(out.contains("dense 1 sigmoid"), out);
    assertTrue(out.contains("total parameters: 65"), out);

    List<Double> losses = new ArrayList<>();
    Matcher m = EPOCH.matcher(out);
    int expectedEpoch = 10;
    while (m.find()) {
      assertEquals(expectedEpoch, Integer.parseInt(m.group(1)), out);
      losses.add(Double.parseDouble(m.group(2)));
      expectedEpoch += 10;
    }
    assertEquals(10, losses.size(), "expected the loss every 10 epochs, 10 to 100:\n" + out);
    double first = losses.get(0);
    double last = losses.get(losses.size() - 1);
    assertTrue(last < first, "loss did not decrease: " + losses);
    assertTrue(last < 0.1, "final loss too high: " + losses);
    assertTrue(out.indexOf("Epoch [10/100], Loss:") < out.indexOf("Epoch [100/100], Loss:"), out);

    assertTrue(out.contains("Accuracy:  1.0000"), out);
    assertTrue(out.contains("Confusion matrix:"), out);
    assertTrue(out.matches("(?s).*\\nFail\\s+\\d+\\s+\\d+\\s*\\nPass\\s+\\d+\\s+\\d+.*"), "confusion matrix rows:\n" + out);
    assertTrue(out.contains("Prediction for (study_hours 6, sleep_hours 7): Pass ("), out);
    assertTrue(out.contains("Weights saved to " + weights), out);
    assertTrue(Files.isRegularFile(weights), "no weights at " + weights);
  }

  @Test
  void trainingIsDeterministic(@TempDir Path dir) throws IOException {
    Path a = dir.resolve("a.nnw");
    Path b = dir.resolve("b.nnw");
    Run first = run("train", model, "-o", a);
    Run second = run("train", model, "-o", b);
    assertEquals(0, first.code(), first.describe());
    assertEquals(0, second.code(), second.describe());
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "two runs gave different weights");
    assertArrayEquals(Files.readAllBytes(weights), Files.readAllBytes(a), "a third run gave different weights");
    // everything but the weights' path and the run directory (each run gets its own) is the same
    String runLine = "Run saved to .*";
    assertEquals(first.out().replace(a.toString(), "W").replaceAll(runLine, "RUN"),
        second.out().replace(b.toString(), "W").replaceAll(runLine, "RUN"));
  }

  @Test
  void predictUsesTheSavedWeights() {
    Run r = run("predict", model, "--weights", weights, "--input", "6,7");
    assertEquals(0, r.code(), r.describe());
    assertNoStackTrace(r);
    assertTrue(r.out().contains("Prediction for (study_hours 6, sleep_hours 7): Pass ("), r.describe());

    Run failing = run("predict", model, "-w", weights, "-i", "1, 2");
    assertEquals(0, failing.code(), failing.describe());
    assertTrue(failing.out().contains("Prediction for (study_hours 1, sleep_hours 2): Fail ("), failing.describe());
  }

  @Test
  void evalScoresTheHeldOutRows() {
    Run r = run("eval", model, "--weights", weights);
    assertEquals(0, r.code(), r.describe());
    assertNoStackTrace(r);
    assertTrue(r.out().contains("Accuracy:  1.0000"), r.describe());
    assertTrue(r.out().contains("Confusion matrix:"), r.describe());
  }

  @Test
  void checkSaysOk() {
    Run r = run("check", model);
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.out().contains("ok"), r.describe());
    assertTrue(r.out().contains("StudentPerformance"), r.describe());
    assertTrue(r.err().isBlank(), r.describe());
  }

  @Test
  void compileWritesTheSameSourceEveryTime(@TempDir Path dir) throws IOException {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    Run a = run("compile", model, "-o", first);
    assertEquals(0, a.code(), a.describe());
    Path file = first.resolve("dev/nnc/models/StudentPerformance.java");
    assertTrue(Files.isRegularFile(file), a.describe());
    assertTrue(a.out().contains(file.toString()), a.describe());
    byte[] bytes = Files.readAllBytes(file);

    Run again = run("compile", model, "-o", first);
    assertEquals(0, again.code(), again.describe());
    assertArrayEquals(bytes, Files.readAllBytes(file), "recompiling into the same folder changed the file");

    Run b = run("compile", model, "-o", second);
    assertEquals(0, b.code(), b.describe());
    assertArrayEquals(bytes, Files.readAllBytes(second.resolve("dev/nnc/models/StudentPerformance.java")));
    String source = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(source.contains("package dev.nnc.models;"), source);
    assertTrue(source.contains("class StudentPerformance"), source);
  }

  @Test
  void trainWithoutOutputOptionWritesBesideTheModel(@TempDir Path dir) throws IOException {
    Path copy = Cli.copyStudent(dir);
    Run r = run("train", copy);
    assertEquals(0, r.code(), r.describe());
    Path beside = dir.resolve("student.nnw");
    assertTrue(Files.isRegularFile(beside), r.describe());
    assertArrayEquals(Files.readAllBytes(weights), Files.readAllBytes(beside));
  }
}
