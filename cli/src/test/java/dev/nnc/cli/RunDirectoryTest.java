package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nnc.cli.run.RunDirectory;
import dev.nnc.cli.run.TensorBoardReader;
import dev.nnc.compiler.NncCompiler;
import dev.nnc.compiler.diagram.ArchitectureDiagram;
import dev.nnc.compiler.diag.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code nnc train} leaves in its run directory, and {@code nnc runs} and {@code nnc report} on top. */
class RunDirectoryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EPOCH_LINE = Pattern.compile("Epoch \\[(\\d+)/12\\], Loss: (\\d+\\.\\d{4})");

  @TempDir static Path shared;
  static Path model;
  static Path runs;
  static Cli.Run training;
  static Path run;

  @BeforeAll
  static void trainOnce() throws IOException {
    model = Cli.copyStudent(shared.resolve("model"));
    runs = shared.resolve("runs");
    training = Cli.run("train", model, "-o", shared.resolve("student.nnw"), "--runs", runs, "--epochs", "12",
        "--log-every", "1");
    assertEquals(0, training.code(), training.describe());
    run = onlyRun(runs);
  }

  @Test
  void trainWritesEveryFileOfTheRunAndSaysWhere() throws Exception {
    assertTrue(run.getFileName().toString().matches("student-\\d{8}-\\d{6}"), run.toString());
    for (String file : List.of(RunDirectory.HYPERPARAMETERS, RunDirectory.METRICS_CSV, RunDirectory.METRICS_JSON,
        RunDirectory.OUTCOME, RunDirectory.WEIGHTS, RunDirectory.DIAGRAM, RunDirectory.REPORT)) {
      assertTrue(Files.isRegularFile(run.resolve(file)), file + " missing in " + run);
    }
    assertTrue(training.out().contains("Run saved to " + run), training.describe());
    assertArrayEquals(Files.readAllBytes(shared.resolve("student.nnw")), Files.readAllBytes(run.resolve("weights.nnw")),
        "the run keeps a copy of the saved weights");
    assertEquals(ArchitectureDiagram.svg(NncCompiler.check(SourceFile.read(model))),
        Files.readString(run.resolve(RunDirectory.DIAGRAM)));
  }

  @Test
  void metricsAreThePrintedEpochsInCsvJsonAndTensorBoard() throws IOException {
    List<String> csv = Files.readAllLines(run.resolve(RunDirectory.METRICS_CSV));
    assertEquals("epoch,train_loss,train_accuracy,penalty,val_loss,val_accuracy,learning_rate,seconds", csv.get(0));
    assertEquals(13, csv.size(), String.join("\n", csv));

    Matcher printed = EPOCH_LINE.matcher(training.out());
    JsonNode epochs = JSON.readTree(run.resolve(RunDirectory.METRICS_JSON).toFile()).get("epochs");
    assertEquals(12, epochs.size());
    List<Float> losses = new ArrayList<>();
    for (int epoch = 1; epoch <= 12; epoch++) {
      String[] cells = csv.get(epoch).split(",", -1);
      assertEquals(Integer.toString(epoch), cells[0]);
      assertTrue(printed.find(), "epoch " + epoch + " not printed:\n" + training.out());
      assertEquals(printed.group(2), String.format(java.util.Locale.ROOT, "%.4f", Double.parseDouble(cells[1])),
          "epoch " + epoch + ": the CSV's loss is the printed one");
      double accuracy = Double.parseDouble(cells[2]);
      assertTrue(accuracy >= 0 && accuracy <= 1 && accuracy * 8 == Math.rint(accuracy * 8),
          "8 training rows: the accuracy counts whole rows, got " + accuracy);
      assertEquals("", cells[4], "no validation set, no validation loss");
      assertEquals("0.01", cells[6]);
      JsonNode json = epochs.get(epoch - 1);
      assertEquals(Double.parseDouble(cells[1]), json.get("trainLoss").asDouble());
      assertTrue(json.get("validationLoss").isNull());
      losses.add(Float.parseFloat(cells[1]));
    }
    assertTrue(losses.get(11) < losses.get(0), "the loss should fall: " + losses);

    List<TensorBoardReader.Event> events;
    try (Stream<Path> files = Files.list(run)) {
      Path file = files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).findFirst()
          .orElseThrow();
      events = TensorBoardReader.read(file);
    }
    assertEquals("brain.Event:2", events.get(0).fileVersion());
    List<Float> tensorBoardLosses = events.stream()
        .filter(e -> e.value() != null && e.value().tag().equals("loss/train")).map(e -> e.value().simpleValue())
        .toList();
    assertEquals(losses, tensorBoardLosses);
    assertTrue(events.stream().noneMatch(e -> e.value() != null && e.value().tag().equals("loss/validation")),
        "no validation set, no validation scalars");
  }

  @Test
  void hyperparametersAndOutcomeRecordTheRunAsItRan() throws IOException {
    JsonNode info = JSON.readTree(run.resolve(RunDirectory.HYPERPARAMETERS).toFile());
    assertEquals("StudentPerformance", info.get("model").asText());
    assertEquals(12, info.at("/train/epochs").asInt(), "the command line's --epochs, not the file's 100");
    assertEquals(0.01, info.at("/train/optimizerParameters/lr").asDouble());
    assertEquals(0.9, info.at("/train/optimizerParameters/beta1").asDouble(), "defaults are filled in");
    assertEquals("bce", info.at("/train/loss").asText());
    assertEquals(8, info.at("/data/trainRows").asInt());
    assertEquals(2, info.at("/data/testRows").asInt());
    assertEquals(65, info.get("parameters").asInt());
    assertEquals("dense 16 relu", info.at("/layers/1/layer").asText());
    assertTrue(info.get("command").toString().contains("--epochs"), info.get("command").toString());

    JsonNode outcome = JSON.readTree(run.resolve(RunDirectory.OUTCOME).toFile());
    assertEquals("completed", outcome.get("status").asText());
    assertEquals(12, outcome.get("epochs").asInt());
    assertEquals("test", outcome.at("/evaluation/split").asText());
    assertEquals(2, outcome.at("/evaluation/rows").asInt());
    Matcher accuracy = Pattern.compile("Accuracy:  (\\d\\.\\d{4})").matcher(training.out());
    assertTrue(accuracy.find(), training.out());
    assertEquals(accuracy.group(1), String.format(java.util.Locale.ROOT, "%.4f",
        outcome.at("/evaluation/accuracy").asDouble()), "final.json holds the printed test accuracy");
    long cells = 0;
    for (JsonNode row : outcome.at("/evaluation/confusion")) {
      for (JsonNode cell : row) {
        cells += cell.asLong();
      }
    }
    assertEquals(2, cells, "the confusion matrix counts the 2 test rows");
  }

  @Test
  void theReportIsOneSelfContainedPage() throws IOException {
    String html = Files.readString(run.resolve(RunDirectory.REPORT), StandardCharsets.UTF_8);
    for (String part : List.of("<!DOCTYPE html>", "id=\"chart-loss\"", "id=\"chart-accuracy\"", "id=\"chart-lr\"",
        "id=\"confusion\"", "id=\"summary\"", "id=\"diagram\"", "id=\"hyperparameters\"", "StudentPerformance")) {
      assertTrue(html.contains(part), "report.html lacks " + part);
    }
    // nothing is fetched: no scripts, stylesheets, images, fonts or links to load
    for (String reference : List.of("<script", "src=", "href=", "url(", "@import", "<link")) {
      assertFalse(html.contains(reference), "report.html refers to something outside itself: " + reference);
    }
    assertEquals(1, Cli.count(html, "id=\"chart-loss\""), "one loss chart");
  }

  @Test
  void aResumedRunCarriesTheCheckpointsEpochsIntoItsCurves(@TempDir Path dir) throws IOException {
    Path student = Cli.copyStudent(dir.resolve("m"));
    Path ownRuns = dir.resolve("runs");
    Path checkpoint = dir.resolve("s.ckpt");
    Cli.Run first = Cli.run("train", student, "-o", dir.resolve("a.nnw"), "--checkpoint", checkpoint, "--epochs", "3",
        "--runs", ownRuns);
    assertEquals(0, first.code(), first.describe());
    Path firstRun = onlyRun(ownRuns);
    Cli.Run resumed = Cli.run("train", student, "-o", dir.resolve("b.nnw"), "--checkpoint", checkpoint, "--epochs",
        "6", "--resume", "--runs", ownRuns);
    assertEquals(0, resumed.code(), resumed.describe());
    Path second;
    try (Stream<Path> all = Files.list(ownRuns)) {
      second = all.filter(p -> !p.equals(firstRun)).findFirst().orElseThrow();
    }
    List<String> before = Files.readAllLines(firstRun.resolve(RunDirectory.METRICS_CSV));
    List<String> after = Files.readAllLines(second.resolve(RunDirectory.METRICS_CSV));
    assertEquals(7, after.size(), String.join("\n", after));
    for (int line = 1; line <= 3; line++) {
      assertEquals(before.get(line), after.get(line), "epoch " + line + " comes from the checkpoint as it was");
    }
    assertTrue(JSON.readTree(second.resolve(RunDirectory.HYPERPARAMETERS).toFile()).at("/train/resumed").asBoolean());
  }

  @Test
  void aFailedRunKeepsItsCurveAndSaysWhy(@TempDir Path dir) throws IOException {
    Path ownRuns = dir.resolve("runs");
    Cli.Run failed = Cli.run("train", Cli.modelsDir().resolve("diabetes.nn"), "-o", dir.resolve("w.nnw"),
        "--checkpoint", dir.resolve("d.ckpt"), "--lr", "1e30", "--runs", ownRuns);
    assertEquals(1, failed.code(), failed.describe());
    Path failedRun = onlyRun(ownRuns);
    JsonNode outcome = JSON.readTree(failedRun.resolve(RunDirectory.OUTCOME).toFile());
    assertEquals("failed", outcome.get("status").asText());
    assertTrue(outcome.get("message").asText().contains("diverged"), outcome.toString());
    assertTrue(outcome.get("weights").isNull(), "a failed run saves no weights");
    assertFalse(Files.exists(failedRun.resolve(RunDirectory.WEIGHTS)));
    String html = Files.readString(failedRun.resolve(RunDirectory.REPORT));
    assertTrue(html.contains("failed after"), "the report says the run failed");
    assertFalse(html.contains("id=\"chart-accuracy\""), "a regression model has no accuracy chart");
  }

  @Test
  void runsListsTheRunsAndReportComparesThem(@TempDir Path dir) throws IOException {
    Path student = Cli.copyStudent(dir.resolve("m"));
    Path ownRuns = dir.resolve("runs");
    assertEquals(0, Cli.run("train", student, "-o", dir.resolve("a.nnw"), "--epochs", "5", "--runs", ownRuns).code());
    Path slow = onlyRun(ownRuns);
    assertEquals(0, Cli.run("train", student, "-o", dir.resolve("b.nnw"), "--epochs", "5", "--lr", "0.1", "--runs",
        ownRuns).code());
    Path fast;
    try (Stream<Path> all = Files.list(ownRuns)) {
      fast = all.filter(p -> !p.equals(slow)).findFirst().orElseThrow();
    }
    String slowName = slow.getFileName().toString();
    String fastName = fast.getFileName().toString();

    Cli.Run listed = Cli.run("runs", "--runs", ownRuns);
    assertEquals(0, listed.code(), listed.describe());
    assertTrue(listed.out().contains(slowName) && listed.out().contains(fastName), listed.describe());
    assertTrue(listed.out().contains("adam lr 0.1") && listed.out().contains("adam lr 0.01"), listed.describe());
    assertTrue(listed.out().contains("(test)"), listed.describe());

    Cli.Run compared = Cli.run("report", slowName, fastName, "--runs", ownRuns);
    assertEquals(0, compared.code(), compared.describe());
    Path page = ownRuns.resolve("compare-" + slowName + "-vs-" + fastName + ".html");
    assertTrue(compared.out().contains("Report written to " + page), compared.describe());
    String html = Files.readString(page);
    assertTrue(html.contains("<tr class=\"differs\"><th>adam lr</th><td>0.01</td><td>0.1</td></tr>"), html);
    assertFalse(html.contains("<tr class=\"differs\"><th>adam beta1</th>"), "equal settings are not marked");
    // no validation set: each run has a training line in the loss and the accuracy chart
    assertEquals(2, Cli.count(html, "<g class=\"series\" data-name=\"" + slowName + " training\">"), html);
    assertEquals(2, Cli.count(html, "<g class=\"series\" data-name=\"" + fastName + " training\">"), html);

    // a page that is not nnc's is never replaced
    Path foreign = Files.writeString(dir.resolve("notes.html"), "<p>mine</p>");
    Cli.Run refused = Cli.run("report", slowName, fastName, "--runs", ownRuns, "-o", foreign);
    assertEquals(1, refused.code(), refused.describe());
    assertTrue(refused.err().contains("not a report nnc wrote"), refused.describe());
    assertEquals("<p>mine</p>", Files.readString(foreign));

    Cli.Run unknown = Cli.run("report", "iris-2020", "--runs", ownRuns);
    assertEquals(2, unknown.code(), unknown.describe());
    assertTrue(unknown.err().contains("no run 'iris-2020'"), unknown.describe());
    Cli.Run ambiguous = Cli.run("report", "student-", "--runs", ownRuns);
    assertEquals(2, ambiguous.code(), ambiguous.describe());
    assertTrue(ambiguous.err().contains("names 2 runs"), ambiguous.describe());

    // a damaged file is named with its line and column; the other runs are still listed
    Files.writeString(fast.resolve(RunDirectory.METRICS_JSON), "{\"epochs\": [ {\"epoch\": 1,, } ] }");
    Cli.Run damaged = Cli.run("runs", "--runs", ownRuns);
    assertEquals(0, damaged.code(), damaged.describe());
    assertTrue(damaged.err().matches("(?s)warning: skipping .*metrics\\.json:1:\\d+: error: not a valid metrics\\.json.*"),
        damaged.describe());
    assertTrue(damaged.out().contains(slowName) && !damaged.out().contains(fastName), damaged.describe());
    Cli.Run broken = Cli.run("report", fastName, "--runs", ownRuns);
    assertEquals(1, broken.code(), broken.describe());
    Cli.assertNoStackTrace(broken);
    assertTrue(broken.err().contains("metrics.json:1:"), broken.describe());
  }

  @Test
  void aRunsFolderThatIsAFileStopsTrainingBeforeItStarts(@TempDir Path dir) throws IOException {
    Path student = Cli.copyStudent(dir.resolve("m"));
    Path notAFolder = Files.writeString(dir.resolve("runs"), "mine");
    Path weights = dir.resolve("w.nnw");
    Cli.Run r = Cli.run("train", student, "-o", weights, "--runs", notAFolder);
    assertEquals(1, r.code(), r.describe());
    Cli.assertNoStackTrace(r);
    assertTrue(r.err().contains(notAFolder + ": error: cannot create a run directory: " + notAFolder
        + " exists and is not a directory"), r.describe());
    assertFalse(r.out().contains("Epoch ["), "no training without a run directory: " + r.out());
    assertFalse(Files.exists(weights));
    assertEquals("mine", Files.readString(notAFolder));
  }

  @Test
  void aMissingRunsFolderIsNamed(@TempDir Path dir) {
    Cli.Run r = Cli.run("runs", "--runs", dir.resolve("nowhere"));
    assertEquals(1, r.code(), r.describe());
    assertTrue(r.err().contains("nowhere: error: no such directory"), r.describe());
  }

  @Test
  void runsStartedInTheSameSecondGetTheirOwnDirectories(@TempDir Path dir) {
    var started = java.time.ZonedDateTime.of(2026, 11, 26, 14, 30, 12, 0, java.time.ZoneOffset.UTC);
    assertEquals("student-20261126-143012", RunDirectory.create(dir, "student", started).name());
    assertEquals("student-20261126-143012-2", RunDirectory.create(dir, "student", started).name());
    assertEquals("my_model-20261126-143012", RunDirectory.create(dir, "my model", started).name());
    assertEquals("model..-20261126-143012", RunDirectory.create(dir, "..", started).name());
  }

  private static Path onlyRun(Path runs) throws IOException {
    try (Stream<Path> all = Files.list(runs)) {
      List<Path> directories = all.filter(Files::isDirectory).toList();
      assertEquals(1, directories.size(), "runs: " + directories);
      return directories.get(0);
    }
  }

  @Test
  void runsWithoutAnyRunSaySo(@TempDir Path dir) {
    Cli.Run r = Cli.run("runs", "--runs", dir);
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.out().contains("No runs in"), r.describe());
  }
}
