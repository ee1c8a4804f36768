package dev.nnc.cli;

import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.compiler.ir.TrainSpec;
import dev.nnc.compiler.ir.TuneSpec;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.train.EvaluationResult;
import dev.nnc.runtime.train.Initializer;
import dev.nnc.runtime.train.Trainer;
import dev.nnc.runtime.train.TrainingHistory;
import dev.nnc.runtime.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Grid or random search over hyperparameters, every trial trained from the same initial weights and
 * ranked on the validation split, as scikit-learn's GridSearchCV / RandomizedSearchCV with a holdout.
 */
@Command(name = "tune", description = "Searches hyperparameters: trains one model per setting and ranks them on"
    + " the validation split.")
final class TuneCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model.nn>", description = "The model file.")
  Path file;

  @Option(names = "--grid", paramLabel = "<name=v1,v2,...>",
      description = "Values to try for a hyperparameter (lr, batch, epochs, seed, momentum, weight_decay, beta1,"
          + " beta2, alpha, eps, l1, l2, clip_norm). Repeatable: every combination is tried.")
  List<String> grid = new ArrayList<>();

  @Option(names = "--range", paramLabel = "<name=log:lo:hi|uniform:lo:hi>",
      description = "A continuous range for random search; log ranges suit learning rates. Repeatable.")
  List<String> ranges = new ArrayList<>();

  @Option(names = "--random", paramLabel = "<n>",
      description = "Random search: n trials drawn from the grids' values and the ranges (default: the full grid).")
  Integer random;

  @Option(names = "--search-seed", paramLabel = "<n>",
      description = "Seed of the random search's draws (default: the tune section's search_seed, or 0).")
  Long searchSeed;

  @Option(names = "--validation", paramLabel = "<fraction>",
      description = "Hold out this fraction of the training rows for ranking (default: the data's validation split,"
          + " else the tune section's validation).")
  Double validation;

  @Mixin Options options;

  /** One trial: its settings and how it did on the validation rows. */
  record Trial(Map<String, Double> settings, float loss, float accuracy, int epochs, double seconds) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelFile modelFile = ModelFile.load(file);
    modelFile.require("tune", true, true);
    ModelSpec model = modelFile.model();
    List<Map<String, Double>> trials = trials(model.tune());
    // Check every setting before training anything.
    List<TrainSpec> specs = trials.stream().map(t -> TrainingSetup.withHyperparameters(model.train(), t)).toList();

    if (validation != null && !(validation > 0 && validation < 1)) {
      throw TrainingSetup.usage("--validation must be between 0 and 1, got " + validation);
    }
    double holdout = validation != null ? validation
        : model.tune() != null && model.tune().validation() > 0 && model.data().validationFraction() == 0
            ? model.tune().validation() : Double.NaN;
    PreparedData data = PreparedData.load(modelFile, null, holdout);
    if (data.validation().rows() == 0) {
      throw TrainingSetup.usage("tune ranks trials on a validation split: add 'split validation 0.2' to the data"
          + " section, 'validation 0.2' to the tune section, or pass --validation 0.2");
    }
    int maxBatch = Math.max(EvalCommand.EVAL_BATCH, specs.stream().mapToInt(TrainSpec::batchSize).max().orElse(1));
    IntFunction<Network> networks = modelFile.factory(options.codegen());
    boolean classifier = !model.train().loss().regression();

    out.printf(Locale.ROOT, "Tuning %s: %d trials, ranked by validation %s on %,d rows%n%n", model.name(),
        trials.size(), classifier ? "accuracy" : "loss", data.validation().rows());
    List<Trial> results = new ArrayList<>();
    for (int i = 0; i < trials.size(); i++) {
      TrainSpec trial = specs.get(i);
      Network net = networks.apply(maxBatch);
      Initializer.initialize(net, trial.seed());
      long start = System.nanoTime();
      TrainingHistory history = Trainer.fit(net, data.train(),
          TrainingSetup.config(trial, data.validation(), null), TrainingListener.NONE);
      EvaluationResult result = Trainer.evaluate(net, data.validation());
      Trial done = new Trial(trials.get(i), result.loss(), result.accuracy(), history.epochs(),
          (System.nanoTime() - start) / 1e9);
      results.add(done);
      out.printf(Locale.ROOT, "trial %d/%d %s: val_loss %.4f%s (%.1fs)%n", i + 1, trials.size(),
          describe(done.settings()), done.loss(), classifier ? String.format(Locale.ROOT, " val_accuracy %.4f",
              done.accuracy()) : "", done.seconds());
      out.flush();
    }

    Comparator<Trial> byLoss = Comparator.comparingDouble(t -> Float.isNaN(t.loss()) ? Double.MAX_VALUE : t.loss());
    Comparator<Trial> ranking = classifier
        ? Comparator.<Trial>comparingDouble(t -> Float.isNaN(t.accuracy()) ? 1 : -t.accuracy()).thenComparing(byLoss)
        : byLoss;
    results.sort(ranking);
    out.println();
    out.print(table(results, classifier));
    Trial best = results.get(0);
    out.printf(Locale.ROOT, "%nBest: %s%nTrain it with: ./nnc train %s%s%n", describe(best.settings()), file,
        best.settings().entrySet().stream().map(e -> " --set " + e.getKey() + "=" + format(e.getValue()))
            .reduce("", String::concat));
    return 0;
  }

  /**
   * The settings to try: the file's tune section with the command line's grids and ranges added (a
   * name given on both replaces the file's), then every grid combination or {@code --random} draws.
   */
  private List<Map<String, Double>> trials(TuneSpec file) {
    Map<String, List<Double>> values = new LinkedHashMap<>(file == null ? Map.of() : file.grid());
    Map<String, TuneSpec.Range> continuous = new LinkedHashMap<>(file == null ? Map.of() : file.ranges());
    Set<String> fromCommandLine = new HashSet<>();
    for (String g : grid) {
      String name = name(g, "--grid");
      List<Double> list = new ArrayList<>();
      for (String v : g.substring(g.indexOf('=') + 1).split(",")) {
        list.add(number(v.trim(), "--grid " + name));
      }
      if (!fromCommandLine.add(name)) {
        throw TrainingSetup.usage("'" + name + "' is given twice");
      }
      continuous.remove(name);
      values.put(name, list);
    }
    for (String r : ranges) {
      String name = name(r, "--range");
      String[] parts = r.substring(r.indexOf('=') + 1).split(":");
      if (parts.length != 3 || !(parts[0].equals("log") || parts[0].equals("uniform"))) {
        throw TrainingSetup.usage("--range takes name=log:lo:hi or name=uniform:lo:hi, got '" + r + "'");
      }
      double lo = number(parts[1], "--range " + name);
      double hi = number(parts[2], "--range " + name);
      if (!(lo < hi) || (parts[0].equals("log") && !(lo > 0))) {
        throw TrainingSetup.usage("--range " + name + " needs lo < hi" + (parts[0].equals("log") ? " and lo > 0" : ""));
      }
      if (!fromCommandLine.add(name)) {
        throw TrainingSetup.usage("'" + name + "' is given twice");
      }
      values.remove(name);
      continuous.put(name, new TuneSpec.Range(parts[0].equals("log"), lo, hi));
    }
    if (values.isEmpty() && continuous.isEmpty()) {
      throw TrainingSetup.usage("nothing to tune: give --grid name=v1,v2 and/or --range name=log:lo:hi with --random n,"
          + " or a 'tune' section in the model file");
    }
    int draws = random != null ? random : file != null ? file.trials() : 0;
    if (!continuous.isEmpty() && draws == 0) {
      throw TrainingSetup.usage("--range needs --random n (how many settings to draw)");
    }
    List<Map<String, Double>> trials = new ArrayList<>();
    if (draws == 0) {
      trials.add(new LinkedHashMap<>());
      for (Map.Entry<String, List<Double>> e : values.entrySet()) {
        List<Map<String, Double>> next = new ArrayList<>();
        for (Map<String, Double> partial : trials) {
          for (double v : e.getValue()) {
            Map<String, Double> t = new LinkedHashMap<>(partial);
            t.put(e.getKey(), v);
            next.add(t);
          }
        }
        trials = next;
      }
      return trials;
    }
    if (draws < 1) {
      throw TrainingSetup.usage("--random must be at least 1, got " + draws);
    }
    Random generator = new Random(searchSeed != null ? searchSeed : file != null ? file.seed() : 0);
    for (int i = 0; i < draws; i++) {
      Map<String, Double> t = new LinkedHashMap<>();
      values.forEach((name, list) -> t.put(name, list.get(generator.nextInt(list.size()))));
      continuous.forEach((name, range) -> {
        double u = generator.nextDouble();
        double v = range.logarithmic()
            ? Math.exp(Math.log(range.low()) + u * (Math.log(range.high()) - Math.log(range.low())))
            : range.low() + u * (range.high() - range.low());
        // Counts stay whole numbers.
        t.put(name, List.of("batch", "epochs", "seed").contains(name) ? Math.rint(v) : v);
      });
      trials.add(t);
    }
    return trials;
  }

  private static String name(String assignment, String option) {
    int eq = assignment.indexOf('=');
    String name = eq < 0 ? "" : assignment.substring(0, eq).trim();
    if (!dev.nnc.compiler.ir.TuneSpec.TUNABLE.contains(name)) {
      throw TrainingSetup.usage(option + " takes name=... with name one of " + String.join(", ", dev.nnc.compiler.ir.TuneSpec.TUNABLE)
          + ", got '" + assignment + "'");
    }
    return name;
  }

  static double number(String text, String where) {
    if (text.equals("true") || text.equals("false")) {
      return text.equals("true") ? 1 : 0;
    }
    try {
      double v = Double.parseDouble(text);
      if (Double.isFinite(v) && !text.isBlank()) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw TrainingSetup.usage(where + ": '" + text + "' is not a number");
  }

  private static String table(List<Trial> results, boolean classifier) {
    List<String> names = new ArrayList<>(results.get(0).settings().keySet());
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-5s", "rank"));
    names.forEach(n -> text.append(String.format(Locale.ROOT, " %-12s", n)));
    text.append(String.format(Locale.ROOT, " %10s", "val_loss"));
    if (classifier) {
      text.append(String.format(Locale.ROOT, " %13s", "val_accuracy"));
    }
    text.append(String.format(Locale.ROOT, " %7s %8s%n", "epochs", "time"));
    for (int i = 0; i < results.size(); i++) {
      Trial t = results.get(i);
      text.append(String.format(Locale.ROOT, "%-5d", i + 1));
      names.forEach(n -> text.append(String.format(Locale.ROOT, " %-12s", format(t.settings().get(n)))));
      text.append(String.format(Locale.ROOT, " %10.4f", t.loss()));
      if (classifier) {
        text.append(String.format(Locale.ROOT, " %13.4f", t.accuracy()));
      }
      text.append(String.format(Locale.ROOT, " %7d %7.1fs%n", t.epochs(), t.seconds()));
    }
    return text.toString();
  }

  private static String describe(Map<String, Double> settings) {
    StringBuilder text = new StringBuilder();
    settings.forEach((k, v) -> text.append(text.length() == 0 ? "" : " ").append(k).append('=').append(format(v)));
    return text.toString();
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+($|e)", "$1$2").replace(".e", "e");
  }
}
