package dev.nnc.cli;

import dev.nnc.cli.run.Outcome;
import dev.nnc.cli.run.Report;
import dev.nnc.cli.run.RunDirectory;
import dev.nnc.cli.run.RunFileException;
import dev.nnc.cli.run.RunInfo;
import dev.nnc.cli.run.RunRecord;
import dev.nnc.cli.run.RunRecorder;
import dev.nnc.cli.run.TensorBoardEvents;
import dev.nnc.compiler.diagram.ArchitectureDiagram;
import dev.nnc.compiler.ir.Layer;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.compiler.ir.TrainSpec;
import dev.nnc.runtime.io.WeightsData;
import dev.nnc.runtime.io.WeightsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run directory of one {@code nnc train}: created with the run's settings before the first epoch,
 * filled epoch by epoch through {@link #listener()}, and completed with the outcome, the weights and
 * the HTML report at the end (also when training fails, so the curves up to the failure can be seen).
 */
final class RunArchive implements AutoCloseable {

  private final RunDirectory directory;
  private final RunRecorder recorder;

  private RunArchive(RunDirectory directory, RunRecorder recorder) {
    this.directory = directory;
    this.recorder = recorder;
  }

  /** Creates the run directory and writes what is known before training: settings and diagram. */
  static RunArchive start(Path runs, Path modelPath, ModelFile modelFile, TrainSpec train, PreparedData data, List<String> command,
      int vectorBits, int threads, boolean resumed) {
    ModelSpec model = modelFile.model();
    ZonedDateTime started = ZonedDateTime.now().withNano(0);
    RunDirectory directory = RunDirectory.create(runs, TrainCommand.baseName(modelPath), started);
    List<RunInfo.LayerInfo> layers = new ArrayList<>();
    for (Layer layer : model.layers()) {
      layers.add(new RunInfo.LayerInfo(layer.describe(), layer.outputShape().toString(), layer.parameterCount()));
    }
    List<String> classes = data.train().classNames().isEmpty() && model.data() != null
        ? model.data().classes() : data.train().classNames();
    RunInfo info = new RunInfo(directory.name(), model.name(), modelPath.toString(),
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(started), command,
        new RunInfo.Environment("0.1.0", System.getProperty("java.vm.name") + " " + Runtime.version(),
            System.getProperty("os.name") + " " + System.getProperty("os.arch"), cpuModel(),
            Runtime.getRuntime().availableProcessors(), vectorBits, threads),
        new RunInfo.DataInfo(data.file(), modelFile.featureNames(), train.loss().regression() ? List.of() : classes,
            data.train().rows(), data.validation().rows(), data.test().rows()),
        trainInfo(train, resumed), layers, model.parameterCount());
    directory.writeInfo(info);
    directory.writeText(RunDirectory.DIAGRAM, ArchitectureDiagram.svg(model));
    TensorBoardEvents events;
    try {
      events = TensorBoardEvents.create(directory.path(), System.currentTimeMillis(), hostname());
    } catch (IOException e) {
      throw new RunFileException(directory.path() + ": error: cannot create the TensorBoard event file: "
          + e.getMessage(), e);
    }
    return new RunArchive(directory, new RunRecorder(directory, events));
  }

  RunRecorder listener() {
    return recorder;
  }

  Path path() {
    return directory.path();
  }

  /** Writes the outcome, a copy of the weights and the report. */
  void finish(Outcome outcome, WeightsData weights) {
    Path target = directory.path().resolve(RunDirectory.WEIGHTS);
    WeightsFile.save(target, weights);
    directory.writeOutcome(outcome);
    writeReport();
  }

  /** Records a failed run: why, and the report of the epochs that did finish. */
  void fail(String message, double seconds) {
    directory.writeOutcome(new Outcome(Outcome.FAILED, message, recorder.rows().size(), seconds, 0, 0, null, null));
    writeReport();
  }

  private void writeReport() {
    directory.writeText(RunDirectory.REPORT, Report.single(RunRecord.load(directory.path())));
  }

  @Override
  public void close() {
    try {
      recorder.close();
    } catch (IOException e) {
      throw new RunFileException(directory.path() + ": error: cannot close the TensorBoard event file: "
          + e.getMessage(), e);
    }
  }

  private static RunInfo.TrainInfo trainInfo(TrainSpec train, boolean resumed) {
    Map<String, Double> optimizer = new LinkedHashMap<>();
    for (String name : inOrder(train.optimizer().kind().defaults().keySet())) {
      optimizer.put(name, train.optimizer().get(name));
    }
    Map<String, Object> schedule = null;
    if (train.schedule() != null) {
      schedule = new LinkedHashMap<>();
      schedule.put("kind", train.schedule().kind().keyword());
      for (String name : inOrder(train.schedule().kind().defaults().keySet())) {
        schedule.put(name, train.schedule().get(name));
      }
    }
    Map<String, Object> stopping = null;
    if (train.earlyStopping() != null) {
      stopping = new LinkedHashMap<>();
      stopping.put("monitor", train.earlyStopping().monitor());
      stopping.put("patience", train.earlyStopping().patience());
      stopping.put("min_delta", train.earlyStopping().minDelta());
      stopping.put("restore_best", train.earlyStopping().restoreBest());
    }
    return new RunInfo.TrainInfo(train.loss().keyword(), train.optimizer().kind().keyword(), optimizer,
        train.epochs(), train.batchSize(), train.shuffle(), train.seed(), schedule, stopping, train.l1(), train.l2(),
        train.clipNorm(), resumed);
  }

  /** The learning rate first, then alphabetical: the same file for the same settings, every time. */
  private static List<String> inOrder(java.util.Set<String> names) {
    return names.stream()
        .sorted(java.util.Comparator.comparing((String name) -> !name.equals("lr")).thenComparing(name -> name))
        .toList();
  }

  /** The CPU's marketing name on Linux (as lscpu shows it), else the architecture. */
  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: the architecture will do
    }
    return System.getProperty("os.arch");
  }

  /** The host name for the TensorBoard file's name, without a DNS lookup. */
  private static String hostname() {
    String name = System.getenv("HOSTNAME");
    if (name == null || name.isBlank()) {
      try {
        name = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).strip();
      } catch (IOException | RuntimeException e) {
        name = "localhost";
      }
    }
    return name.isBlank() ? "localhost" : name;
  }
}
