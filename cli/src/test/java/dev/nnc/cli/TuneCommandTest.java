package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc tune}: grid and random search ranked on the validation split, and {@code train --set}. */
class TuneCommandTest {

  @TempDir Path dir;

  private static Path iris() {
    return Cli.modelsDir().resolve("iris.nn");
  }

  /** The ranked table's rows: {settings..., val_loss, val_accuracy}. */
  private static List<double[]> table(String out, int settings) {
    List<double[]> rows = new ArrayList<>();
    Pattern row = Pattern.compile("^(\\d+)\\s+(.*?)\\s+(\\d+)\\s+[\\d.]+s$", Pattern.MULTILINE);
    Matcher m = row.matcher(out);
    while (m.find()) {
      String[] cells = m.group(2).trim().split("\\s+");
      double[] values = new double[cells.length];
      for (int i = 0; i < cells.length; i++) {
        values[i] = Double.parseDouble(cells[i]);
      }
      assertEquals(settings + 2, values.length, m.group());
      rows.add(values);
    }
    return rows;
  }

  @Test
  void gridSearchTriesEveryCombinationAndRanksByValidationAccuracy() {
    Cli.Run run = Cli.run("tune", iris(), "--grid", "lr=0.001,0.01,0.1", "--grid", "batch=8,32", "--validation", "0.2",
        "--set", "epochs=20");
    assertEquals(2, run.code(), "tune has no --set: " + run.describe());

    run = Cli.run("tune", iris(), "--grid", "lr=0.001,0.01,0.1", "--grid", "batch=8,32", "--validation", "0.2");
    assertEquals(0, run.code(), run.describe());
    assertTrue(run.out().contains("6 trials, ranked by validation accuracy on 24 rows"), run.describe());
    List<double[]> rows = table(run.out(), 2);
    assertEquals(6, rows.size(), run.describe());
    for (int i = 1; i < rows.size(); i++) {
      double before = rows.get(i - 1)[3];
      double after = rows.get(i)[3];
      assertTrue(before > after || (before == after && rows.get(i - 1)[2] <= rows.get(i)[2]),
          "not ranked by accuracy, then loss: " + run.out());
    }
    // Every combination appears once.
    assertEquals(6, rows.stream().map(r -> r[0] + "/" + r[1]).distinct().count(), run.out());
    assertTrue(run.out().contains("Train it with: ./nnc train " + iris() + " --set lr="), run.describe());
  }

  @Test
  void theModelFilesTuneSectionIsTheDefaultAndTheCommandLineReplacesItsNames() {
    Cli.Run fromFile = Cli.run("tune", iris());
    assertEquals(0, fromFile.code(), fromFile.describe());
    assertEquals(6, table(fromFile.out(), 2).size(), "iris.nn's tune section: 3 rates x 2 batch sizes");

    Cli.Run replaced = Cli.run("tune", iris(), "--grid", "lr=0.05");
    assertEquals(0, replaced.code(), replaced.describe());
    List<double[]> rows = table(replaced.out(), 2);
    assertEquals(2, rows.size(), "lr replaced by one value, batch still from the file: " + replaced.out());
    assertTrue(rows.stream().allMatch(r -> r[0] == 0.05), replaced.out());
  }

  @Test
  void randomSearchIsReproducibleFromItsSeed() {
    Object[] args = {"tune", iris(), "--range", "lr=log:1e-4:1e-1", "--grid", "batch=8,16,32", "--random", "3",
        "--search-seed", "5", "--validation", "0.2"};
    Cli.Run first = Cli.run(args);
    Cli.Run second = Cli.run(args);
    assertEquals(0, first.code(), first.describe());
    List<double[]> a = table(first.out(), 2);
    List<double[]> b = table(second.out(), 2);
    assertEquals(3, a.size(), first.describe());
    // Columns: the grid's batch first, then the range's lr.
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i)[0], b.get(i)[0], "batch of trial " + i);
      assertEquals(a.get(i)[1], b.get(i)[1], "lr of trial " + i);
      assertTrue(List.of(8.0, 16.0, 32.0).contains(a.get(i)[0]), "batch outside its grid: " + a.get(i)[0]);
      assertTrue(a.get(i)[1] >= 1e-4 && a.get(i)[1] <= 0.1, "lr outside its range: " + a.get(i)[1]);
    }
  }

  @Test
  void badSearchesAreUsageErrors() {
    String[][] cases = {
      {"--grid", "lr=0.1,fast", "--validation", "0.2"},
      {"--grid", "units=16,32", "--validation", "0.2"},
      {"--grid", "momentum=0.9", "--validation", "0.2"},
      {"--range", "lr=log:0:1", "--random", "2", "--validation", "0.2"},
      {"--range", "lr=log:1e-4:1e-1", "--validation", "0.2"},
      {"--grid", "lr=0.1,0.01"},
    };
    String[] expected = {"is not a number", "name one of", "not a hyperparameter of this model", "lo > 0",
        "--range needs --random", "validation split"};
    for (int i = 0; i < cases.length; i++) {
      // The last case needs a model with no validation split and no tune section: diabetes.nn.
      Path model = i == cases.length - 1 ? Cli.modelsDir().resolve("diabetes.nn") : iris();
      List<Object> args = new ArrayList<>(List.of("tune", model));
      args.addAll(List.of((Object[]) cases[i]));
      Cli.Run run = Cli.run(args.toArray());
      assertEquals(2, run.code(), run.describe());
      assertTrue(run.err().contains(expected[i]), "expected '" + expected[i] + "': " + run.describe());
    }
  }

  @Test
  void trainSetOverridesAnyHyperparameter() {
    Cli.Run run = Cli.run("train", iris(), "-o", dir.resolve("w.nnw"), "--set", "epochs=2", "--set", "beta1=0.8",
        "--set", "l2=0.001", "--set", "clip_norm=1");
    assertEquals(0, run.code(), run.describe());
    assertTrue(run.out().contains("adam(lr = 0.01, beta1 = 0.8,"), run.describe());
    assertTrue(run.out().contains("Epoch [2/2], Loss:") && run.out().contains("(+ penalty "), run.describe());

    Cli.Run bad = Cli.run("train", iris(), "-o", dir.resolve("w.nnw"), "--set", "beta1=1.5");
    assertEquals(2, bad.code(), bad.describe());
    assertTrue(bad.err().contains("beta1 = 1.5 cannot work for adam"), bad.describe());
  }
}
