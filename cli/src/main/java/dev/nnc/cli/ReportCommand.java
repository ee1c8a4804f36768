package dev.nnc.cli;

import dev.nnc.cli.run.Report;
import dev.nnc.cli.run.RunDirectory;
import dev.nnc.cli.run.RunRecord;
import dev.nnc.runtime.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report",
    description = "Writes the HTML report of a run again, or compares several runs' curves and settings on one page.")
final class ReportCommand implements Callable<Integer> {

  /** Pages nnc writes say so; only those are replaced. */
  private static final String GENERATOR = "<meta name=\"generator\" content=\"nnc\">";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "<run>",
      description = "Run directories, or their names (or the start of a name) under --runs.")
  List<String> names;

  @Option(names = {"-o", "--output"}, paramLabel = "<file.html>",
      description = "Where to write the page (default: the run's report.html, or <runs>/compare-<a>-vs-<b>.html).")
  Path output;

  @Option(names = "--runs", paramLabel = "<dir>", defaultValue = "runs",
      description = "The folder the run directories are in (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Override
  public Integer call() {
    List<RunRecord> selected = new ArrayList<>();
    for (String name : names) {
      selected.add(RunRecord.load(resolve(name)));
    }
    Path target = output != null ? output : defaultOutput(selected);
    checkReplaceable(target);
    String page = selected.size() == 1 ? Report.single(selected.get(0)) : Report.compare(selected);
    try {
      AtomicFile.write(target, page.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CliException(CliException.DATA_ERROR, target + ": error: cannot write: " + e.getMessage());
    }
    spec.commandLine().getOut().println("Report written to " + target);
    return 0;
  }

  /** A path to a run directory, a run's name under {@code --runs}, or the unique start of one. */
  private Path resolve(String name) {
    Path direct = Path.of(name);
    if (Files.isDirectory(direct) && RunRecord.isRun(direct)) {
      return direct;
    }
    if (name.contains("/") || name.contains(java.io.File.separator)) {
      return direct; // RunRecord.load names what is wrong with it
    }
    List<Path> matches = RunsCommand.runDirectories(runs).stream()
        .filter(p -> p.getFileName().toString().startsWith(name)).toList();
    List<Path> exact = matches.stream().filter(p -> p.getFileName().toString().equals(name)).toList();
    if (exact.size() == 1) {
      return exact.get(0);
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new CliException(CliException.MODEL_ERROR, "error: no run '" + name + "' in " + runs
          + " (nnc runs lists them)");
    }
    throw new CliException(CliException.MODEL_ERROR, "error: '" + name + "' names " + matches.size() + " runs in "
        + runs + ": " + String.join(", ", matches.stream().map(p -> p.getFileName().toString()).toList()));
  }

  private Path defaultOutput(List<RunRecord> selected) {
    if (selected.size() == 1) {
      return selected.get(0).directory().resolve(RunDirectory.REPORT);
    }
    String name = "compare-" + selected.get(0).name() + "-vs-" + selected.get(1).name()
        + (selected.size() > 2 ? "-and-" + (selected.size() - 2) + "-more" : "") + ".html";
    return selected.get(0).directory().toAbsolutePath().getParent().resolve(name);
  }

  /** Replaces only a page nnc wrote, never another file that happens to be in the way. */
  private static void checkReplaceable(Path target) {
    if (Files.isDirectory(target)) {
      throw new CliException(CliException.MODEL_ERROR, target + ": error: is a directory; -o takes a file name");
    }
    if (!Files.exists(target)) {
      return;
    }
    try {
      String start = new String(Files.readAllBytes(target), StandardCharsets.UTF_8);
      if (start.contains(GENERATOR)) {
        return;
      }
    } catch (IOException e) {
      throw new CliException(CliException.DATA_ERROR, target + ": error: cannot read: " + e.getMessage());
    }
    throw new CliException(CliException.DATA_ERROR, target
        + ": error: exists and is not a report nnc wrote; not replacing it (choose another -o)");
  }
}
