package dev.nnc.cli;

import dev.nnc.cli.run.Outcome;
import dev.nnc.cli.run.RunDirectory;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.compiler.ir.TrainSpec;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.io.Checkpoint;
import dev.nnc.runtime.io.WeightsData;
import dev.nnc.runtime.io.WeightsFile;
import dev.nnc.runtime.parallel.WorkerTeam;
import dev.nnc.runtime.train.Initializer;
import dev.nnc.runtime.train.ProgressPrinter;
import dev.nnc.runtime.train.Trainer;
import dev.nnc.runtime.train.TrainingConfig;
import dev.nnc.runtime.train.TrainingException;
import dev.nnc.runtime.train.TrainingHistory;
import dev.nnc.runtime.train.TrainingListener;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "train", description = "Generates, compiles and trains a model, evaluates it and saves its weights.")
final class TrainCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model.nn>", description = "The model file.")
  Path file;

  @Option(names = {"-o", "--weights-out"}, paramLabel = "<file>",
      description = "Where to save the trained weights (default: beside the model, <name>.nnw).")
  Path weightsOut;

  @Option(names = "--epochs", paramLabel = "<n>", description = "Overrides the file's 'epochs'.")
  Integer epochs;

  @Option(names = "--batch", paramLabel = "<n>", description = "Overrides the file's 'batch'.")
  Integer batch;

  @Option(names = "--lr", paramLabel = "<rate>", description = "Overrides the optimizer's learning rate.")
  Double learningRate;

  @Option(names = "--seed", paramLabel = "<n>", description = "Overrides the file's 'seed'.")
  Long seed;

  @Option(names = "--set", paramLabel = "<name=value>",
      description = "Overrides any hyperparameter of the train section: lr, batch, epochs, seed, shuffle, the"
          + " optimizer's (momentum, weight_decay, beta1, ...), l1, l2, clip_norm, huber.delta,"
          + " early_stopping.patience, early_stopping.min_delta, schedule.<parameter>. Repeatable.")
  java.util.List<String> settings = new java.util.ArrayList<>();

  @Option(names = "--checkpoint", paramLabel = "<file>",
      description = "Where to write a checkpoint after every epoch (default: beside the weights, <name>.ckpt).")
  Path checkpoint;

  @Option(names = "--resume", description = "Continue from the last complete epoch in the checkpoint.")
  boolean resume;

  @Option(names = "--log-every", paramLabel = "<n>",
      description = "Print a summary line every n epochs (default: 1, or 10 for runs of more than 20 epochs).")
  Integer logEvery;

  @Option(names = "--runs", paramLabel = "<dir>", defaultValue = "runs",
      description = "Where the run directory goes: <dir>/<model>-<yyyyMMdd-HHmmss>/ with the settings, metrics per"
          + " epoch, weights, TensorBoard events and report.html (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Mixin Options options;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelFile modelFile = ModelFile.load(file);
    modelFile.require("train", true, true);
    ModelSpec model = modelFile.model();
    TrainSpec train = overridden(model.train());
    Path target = weightsOut != null ? weightsOut : defaultPath(file, ".nnw");
    Path checkpointPath = checkpoint != null ? checkpoint : target.resolveSibling(baseName(target) + ".ckpt");

    // Everything that can fail on bad input fails here, before a long run, and nothing is written yet.
    WeightsFile.checkReplaceable(target);
    if (resume && !Files.isRegularFile(checkpointPath)) {
      throw new CliException(CliException.DATA_ERROR, checkpointPath + ": error: no checkpoint to resume from");
    }
    if (!resume) {
      Checkpoint.checkReplaceable(checkpointPath);
    }
    // Generating and compiling the class (about 1.6 s in a fresh JVM, javac included) overlaps loading
    // the data (about 1 s for Fashion-MNIST's IDX files).
    CompletableFuture<IntFunction<Network>> networks = modelFile.factoryInBackground(options.codegen());
    PreparedData data = PreparedData.load(modelFile, null);
    Network net = ModelFile.await(networks).apply(Math.max(train.batchSize(), EvalCommand.EVAL_BATCH));
    net.setWorkers(options.workers());
    Initializer.initialize(net, train.seed());

    PrintStream printer = new PrintStream(new WriterOutputStream(out), true);
    Evaluation.summary(model, printer);
    out.printf(Locale.ROOT, "Data: %s: %,d rows: %,d for training, %,d for validation, %,d for testing%n", data.file(),
        data.rows() + (data.test().rows() > 0 && model.data().testFraction() == 0 ? data.test().rows() : 0),
        data.train().rows(), data.validation().rows(), data.test().rows());
    out.printf(Locale.ROOT, "Training: loss %s, optimizer %s, %d epochs, batch %d%s%s%n%n", train.loss().keyword(),
        train.optimizer(), train.epochs(), train.batchSize(), train.shuffle() ? ", shuffled" : "",
        resume ? ", resuming from " + checkpointPath : "");

    TrainingConfig config = TrainingSetup.config(train, data.validation(), checkpointPath);
    int every = logEvery != null ? logEvery : train.epochs() > 20 ? 10 : 1;
    ProgressPrinter progress = new ProgressPrinter(out, Terminal.interactive(), every);
    WorkerTeam workers = net.workers();
    try (RunArchive run = RunArchive.start(runs, file, modelFile, train, data,
        spec.commandLine().getParseResult().originalArgs(), options.codegen().vectorBits(),
        workers == null ? 1 : workers.threads(), resume)) {
      long start = System.nanoTime();
      TrainingHistory history;
      try {
        history = Trainer.fit(net, data.train(), config, TrainingListener.all(progress, run.listener()),
            resume ? checkpointPath : null);
      } catch (TrainingException e) {
        run.fail(e.getMessage(), (System.nanoTime() - start) / 1e9);
        throw e;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      out.println();

      List<String> classNames = Evaluation.classNames(model, data.train(), net.outputSize());
      Outcome.Evaluated evaluated = null;
      if (data.test().rows() > 0) {
        out.printf(Locale.ROOT, "Test results (%,d held-out rows):%n", data.test().rows());
        evaluated = Evaluation.report(model, net, data.test(), "test", classNames, printer);
        out.println();
      } else if (data.validation().rows() > 0) {
        evaluated = Evaluation.report(model, net, data.validation(), "validation", classNames, QUIET);
      }
      for (List<Double> sample : train.samples()) {
        float[] row = new float[sample.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = sample.get(i).floatValue();
        }
        String raw = describeSample(modelFile.featureNames(), row);
        data.scaler().transformRow(row);
        out.printf("Prediction for %s: %s%n", raw, Evaluation.describePrediction(model, net, row, classNames));
      }
      WeightsData weights = WeightsData.of(net, data.scaler());
      WeightsFile.save(target, weights);
      out.println("Weights saved to " + target);
      String status = history.stoppedEpoch() > 0 ? Outcome.STOPPED_EARLY : Outcome.COMPLETED;
      run.finish(new Outcome(status, null, history.epochs(), Math.round(seconds * 1000) / 1000.0,
          history.stoppedEpoch(), history.restoredEpoch(), evaluated, RunDirectory.WEIGHTS), weights);
      out.println("Run saved to " + run.path() + File.separator + ", report: " + run.path().resolve(RunDirectory.REPORT));
    }
    return 0;
  }

  /** Where the metrics of a run without a test split go: the run directory, not the terminal. */
  private static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

  /** The file's settings with the command line's overrides, each checked like the file's own. */
  private TrainSpec overridden(TrainSpec t) {
    if (logEvery != null && logEvery < 1) {
      throw TrainingSetup.usage("--log-every must be at least 1, got " + logEvery);
    }
    java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
    if (epochs != null) {
      values.put("epochs", (double) epochs);
    }
    if (batch != null) {
      values.put("batch", (double) batch);
    }
    if (learningRate != null) {
      values.put("lr", learningRate);
    }
    if (seed != null) {
      values.put("seed", (double) seed);
    }
    for (String assignment : settings) {
      int eq = assignment.indexOf('=');
      String name = eq < 0 ? assignment : assignment.substring(0, eq).trim();
      if (eq < 0 || !dev.nnc.compiler.ir.TuneSpec.TUNABLE.contains(name)) {
        throw TrainingSetup.usage("--set takes name=value with name one of " + String.join(", ", dev.nnc.compiler.ir.TuneSpec.TUNABLE)
            + ", got '" + assignment + "'");
      }
      values.put(name, TuneCommand.number(assignment.substring(eq + 1).trim(), "--set " + name));
    }
    return TrainingSetup.withHyperparameters(t, values);
  }

  static Path defaultPath(Path modelFile, String extension) {
    return modelFile.resolveSibling(baseName(modelFile) + extension);
  }

  /** The file's name without its extension: {@code student} for {@code models/student.nn}. */
  static String baseName(Path path) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  static String describeSample(List<String> names, float[] row) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < row.length; i++) {
      text.append(i == 0 ? "" : ", ").append(names.get(i)).append(' ').append(PredictCommand.format(row[i]));
    }
    return text.append(')').toString();
  }
}
