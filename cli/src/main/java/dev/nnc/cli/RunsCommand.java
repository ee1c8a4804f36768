package dev.nnc.cli;

import dev.nnc.cli.run.EpochRow;
import dev.nnc.cli.run.Outcome;
import dev.nnc.cli.run.RunFileException;
import dev.nnc.cli.run.RunRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "runs", description = "Lists past training runs side by side, oldest first.")
final class RunsCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--runs", paramLabel = "<dir>", defaultValue = "runs",
      description = "The folder nnc train wrote its run directories to (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<RunRecord> found = new ArrayList<>();
    for (Path directory : runDirectories(runs)) {
      try {
        found.add(RunRecord.load(directory));
      } catch (RunFileException e) {
        err.println("warning: skipping " + e.getMessage());
      }
    }
    if (found.isEmpty()) {
      out.println("No runs in " + runs + " yet: nnc train writes one per run.");
      return 0;
    }
    found.sort(Comparator.comparing((RunRecord r) -> r.info().started()).thenComparing(RunRecord::name));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"run", "model", "status", "epochs", "train loss", "best val loss", "held-out", "time",
        "optimizer", "batch"});
    for (RunRecord run : found) {
      rows.add(row(run));
    }
    print(out, rows);
    out.println();
    out.println("Compare runs with: nnc report <run> <run>");
    return 0;
  }

  /** The subdirectories of {@code runs} that hold a run, by name; a missing folder is an error. */
  static List<Path> runDirectories(Path runs) {
    if (!Files.isDirectory(runs)) {
      throw new CliException(CliException.DATA_ERROR, runs + ": error: no such directory"
          + (Files.exists(runs) ? "" : " (nnc train creates it with its first run; --runs names another)"));
    }
    try (Stream<Path> entries = Files.list(runs)) {
      return entries.filter(Files::isDirectory).filter(RunRecord::isRun).sorted().toList();
    } catch (IOException e) {
      throw new CliException(CliException.DATA_ERROR, runs + ": error: cannot list: " + e.getMessage());
    }
  }

  private static String[] row(RunRecord run) {
    Outcome outcome = run.outcome();
    List<EpochRow> epochs = run.epochs();
    Double trainLoss = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1).trainLoss();
    EpochRow best = run.bestValidationEpoch();
    Double bestValidation = best == null ? null : best.validationLoss();
    String heldOut = "–";
    if (outcome != null && outcome.evaluation() != null) {
      Outcome.Evaluated e = outcome.evaluation();
      heldOut = (e.classifies() ? "acc " : "R² ") + number(e.headline()) + " (" + e.split() + ")";
    }
    String status = outcome == null ? "unfinished" : outcome.status();
    var train = run.info().train();
    Double lr = train.optimizerParameters().get("lr");
    return new String[] {
      run.name(), run.info().model(), status, Integer.toString(epochs.size()), number(trainLoss),
      number(bestValidation), heldOut, outcome == null ? "–" : String.format(Locale.ROOT, "%.1fs", outcome.seconds()),
      train.optimizer() + (lr == null ? "" : " lr " + lr), Integer.toString(train.batch())
    };
  }

  private static String number(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static void print(PrintWriter out, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]).append(i == row.length - 1 ? "" : " ".repeat(widths[i] - row[i].length() + 2));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
