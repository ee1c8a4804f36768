package dev.nnc.bench.compare;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import dev.nnc.bench.FmaPeak;
import dev.nnc.bench.Workload;
import dev.nnc.runtime.Network;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * nnc beside PyTorch and ONNX Runtime on the same networks, weights and inputs; run by
 * {@code bench/compare.sh}:
 *
 * <pre>
 * SideBySide export DIR             writes each workload's architecture, nnc's initial weights and the
 *                                   inputs (see {@link PeerExport}) for bench/peers/torch_bench.py
 * SideBySide round DIR N [--quick]  round N: times ONNX Runtime on DIR/Wn.onnx and runs nnc's own JMH
 *                                   benchmarks (PredictBenchmark, BatchInferenceBenchmark,
 *                                   TrainStepBenchmark) in one JVM each, keeping every figure in
 *                                   DIR/round-N.tsv
 * SideBySide report DIR [--quick]   reads the rounds and PyTorch's figures (DIR/torch-2t-*.txt,
 *                                   DIR/torch-1t-*.txt) and prints one Markdown table (also written to
 *                                   DIR/table-jdkNN.md)
 * </pre>
 *
 * <p>Rounds, because this VM's host changes speed by tens of percent within minutes (FmaPeak's one-core
 * peak fell from 162 to 100 GFLOP/s during one run): compare.sh runs PyTorch, ONNX Runtime and nnc once
 * in every round, so each side sees the host's fast and slow minutes alike, instead of the peers
 * running in the first minutes and nnc in the last.
 *
 * <p>The JVM needs {@code --add-modules jdk.incubator.vector}.
 */
public final class SideBySide {

  /** The workloads compared: the large MLP first, then the tiny one. */
  static final List<Workload> WORKLOADS = List.of(Workload.W3, Workload.W1);

  /** ONNX Runtime's thread settings: 2 intra-op threads as PyTorch, and 1 as nnc uses. */
  static final int[] ORT_THREADS = {2, 1};

  enum Figure {
    PREDICT("predict", "single-sample predict", true),
    BATCH("batch", "batch-" + Workload.INFERENCE_BATCH + " inference", false),
    TRAIN("train", "training step, batch " + Workload.TRAIN_BATCH + " (fwd+bwd+Adam)", false);

    final String key;
    final String label;
    /** Latency in ns (lower is better) rather than throughput in samples/s. */
    final boolean latency;

    Figure(String key, String label, boolean latency) {
      this.key = key;
      this.label = label;
      this.latency = latency;
    }

    String key(Workload w) {
      return w.name() + "." + key;
    }
  }

  private SideBySide() {}

  public static void main(String[] args) throws Exception {
    String verb = args.length > 0 ? args[0] : "";
    boolean shapeOk = switch (verb) {
      case "export", "report" -> args.length >= 2;
      case "round" -> args.length >= 3 && args[2].matches("[1-9][0-9]?");
      default -> false;
    };
    if (!shapeOk) {
      System.err.println("usage: SideBySide export DIR | SideBySide round DIR N [--quick] | SideBySide report DIR [--quick]");
      System.exit(2);
    }
    Path dir = Path.of(args[1]);
    Files.createDirectories(dir);
    if (verb.equals("export")) {
      for (Workload w : WORKLOADS) {
        PeerExport.export(w, dir);
      }
      System.err.println("exported " + WORKLOADS + " to " + dir);
      return;
    }
    boolean quick = List.of(args).contains("--quick");
    if (verb.equals("round")) {
      new Run(dir, quick).round(Integer.parseInt(args[2]));
    } else {
      new Run(dir, quick).report();
    }
  }

  /** One invocation of {@code round} or {@code report}. */
  static final class Run {
    private final Path dir;
    private final Stopwatch stopwatch;
    private final int jmhWarmups;
    private final TimeValue jmhWarmupTime;
    private final int jmhIterations;
    private final TimeValue jmhIterationTime;
    /** Column name to figure key ("W3.predict") to value (ns for latency, samples/s otherwise). */
    private final Map<String, Map<String, Double>> columns = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final int twoCoreSamples;
    /** This round's figures: column, figure key, the values it measured (every JMH iteration for nnc). */
    private final Map<String, Map<String, List<Double>>> roundValues = new LinkedHashMap<>();
    /** This round's other lines for the report ("note", "ort", "cores", "jvm"), in order. */
    private final List<String[]> roundLines = new ArrayList<>();
    /** Each round's figures, as {@link #columns} holds all rounds': nnc's JVM median, the peers' of that round. */
    private final List<Map<String, Map<String, Double>>> roundColumns = new ArrayList<>();
    /** What the two cores gave together, each round's line. */
    private final List<String> twoCores = new ArrayList<>();
    private String ortVersion = "?";

    Run(Path dir, boolean quick) {
      this.dir = dir;
      twoCoreSamples = quick ? 4 : 20;
      if (quick) {
        notes.add("**--quick: short timings for a smoke test, not figures to quote** (the JIT is not warmed up)");
      }
      stopwatch = quick ? new Stopwatch(0.3, 3, 0.1) : new Stopwatch(1.5, 5, 0.4);
      // 8 s: C2 takes 3-5 s to compile W3's kernels here (WarmupTimeline), longer with two threads.
      jmhWarmups = quick ? 1 : 8;
      jmhWarmupTime = quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1);
      jmhIterations = quick ? 2 : 4;
      jmhIterationTime = quick ? TimeValue.milliseconds(300) : TimeValue.seconds(1);
      for (String c : List.of(NNC, NNC1, NNC_SCALAR, TORCH2, ORT2, TORCH1, ORT1)) {
        columns.put(c, new LinkedHashMap<>());
      }
    }

    static final String NNC = "nnc 2t";
    static final String NNC1 = "nnc 1t";
    static final String NNC_SCALAR = "nnc 1t (scalar)";
    static final String TORCH2 = "PyTorch 2t";
    static final String TORCH1 = "PyTorch 1t";
    static final String ORT2 = "ORT 2t";
    static final String ORT1 = "ORT 1t";

    /**
     * Round {@code number}: ONNX Runtime, then nnc's vector kernels on 1 and 2 threads in one JVM each
     * (and in round 1 the scalar ones), between two samples of what both cores give at once; everything
     * goes to DIR/round-N.tsv for {@link #report}.
     */
    void round(int number) throws Exception {
      timeOrt(number == 1);
      FmaPeak.TwoCoreScaling before = FmaPeak.twoCoreScaling(twoCoreSamples);
      String jdk = String.valueOf(Runtime.version().feature());
      timeNnc(dir.resolve("jmh-jdk" + jdk + "-round" + number + ".log"), number == 1);
      FmaPeak.TwoCoreScaling after = FmaPeak.twoCoreScaling(twoCoreSamples);
      roundLines.add(new String[] {"cores", "round " + number + ": before nnc's JMH runs " + before.summary()
          + "; after them " + after.summary()});
      StringBuilder text = new StringBuilder("# SideBySide round " + number + ", JDK " + jdk + ": kind, then fields\n");
      roundValues.forEach((column, figures) -> figures.forEach((key, values) -> text.append("value\t").append(column)
          .append('\t').append(key).append('\t').append(values.stream().map(String::valueOf)
              .collect(Collectors.joining(" "))).append('\n')));
      for (String[] line : roundLines) {
        text.append(String.join("\t", line)).append('\n');
      }
      Files.writeString(roundFile(number), text);
      System.err.println("round " + number + " written to " + roundFile(number));
    }

    private Path roundFile(int number) {
      return dir.resolve("round-" + number + ".tsv");
    }

    /** Every round's figures and PyTorch's runs, as one table on stdout and in DIR/table-jdkNN.md. */
    void report() throws Exception {
      String jdk = String.valueOf(Runtime.version().feature());
      Map<String, Map<String, String>> peerRuns = readPeers();
      List<Map<String, String>> torch2 = runs(peerRuns, "torch-2t-.*\\.txt");
      List<Map<String, String>> torch1 = runs(peerRuns, "torch-1t-.*\\.txt");
      int rounds = readRounds();
      for (int r = 1; r <= rounds; r++) {
        Map<String, Map<String, Double>> round = roundColumns.get(r - 1);
        round.put(TORCH2, bestOf(runs(peerRuns, "torch-2t-[ab]?" + r + "\\.txt")));
        round.put(TORCH1, bestOf(runs(peerRuns, "torch-1t-" + r + "\\.txt")));
      }
      if (torch2.isEmpty()) {
        notes.add(TORCH2 + ": no results (" + dir.resolve("torch-2t-*.txt") + " is missing)");
      }
      columns.put(TORCH2, bestOf(torch2));
      columns.put(TORCH1, bestOf(torch1));
      String table = report(torch2, torch1, rounds);
      System.out.println(table);
      Path file = dir.resolve("table-jdk" + jdk + ".md");
      Files.writeString(file, table);
      System.err.println("table written to " + file);
    }

    /** Every torch_bench.py run in DIR (torch-*.txt), by file name, in name order. */
    private Map<String, Map<String, String>> readPeers() throws IOException {
      Map<String, Map<String, String>> runs = new LinkedHashMap<>();
      try (var files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.getFileName().toString().matches("torch-.*\\.txt")).sorted().toList()) {
          runs.put(file.getFileName().toString(), readPeer(file));
        }
      }
      return runs;
    }

    /** The runs whose file names match {@code pattern}, in name order. */
    private static List<Map<String, String>> runs(Map<String, Map<String, String>> runs, String pattern) {
      List<Map<String, String>> matching = new ArrayList<>();
      runs.forEach((name, run) -> {
        if (name.matches(pattern)) {
          matching.add(run);
        }
      });
      return matching;
    }

    /**
     * Reads DIR/round-1.tsv onwards: nnc's figure is the median of all its JMH iterations in every
     * round (JVM), as JMH's own median over forks was; ONNX Runtime's the median of its rounds' medians.
     */
    private int readRounds() throws IOException {
      Map<String, Map<String, List<Double>>> all = new LinkedHashMap<>();
      Map<String, List<String>> perJvm = new LinkedHashMap<>();
      int rounds = 0;
      while (Files.exists(roundFile(rounds + 1))) {
        rounds++;
        Map<String, Map<String, Double>> round = new LinkedHashMap<>();
        roundColumns.add(round);
        for (String line : Files.readAllLines(roundFile(rounds), StandardCharsets.UTF_8)) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          String[] f = line.split("\t");
          switch (f[0]) {
            case "value" -> {
              List<Double> values = Arrays.stream(f[3].split(" ")).map(Double::valueOf).toList();
              all.computeIfAbsent(f[1], c -> new LinkedHashMap<>()).computeIfAbsent(f[2], k -> new ArrayList<>())
                  .addAll(values);
              round.computeIfAbsent(f[1], c -> new LinkedHashMap<>()).put(f[2], median(values));
            }
            case "jvm" -> perJvm.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[2]);
            case "note" -> {
              if (!notes.contains(f[1])) {
                notes.add(f[1]);
              }
            }
            case "ort" -> ortVersion = f[1];
            case "cores" -> twoCores.add(f[1]);
            default -> throw new IOException(roundFile(rounds) + ": unexpected line " + line);
          }
        }
      }
      if (rounds == 0) {
        notes.add("nnc and ONNX Runtime: no results (" + roundFile(1) + " is missing)");
      }
      all.forEach((column, figures) -> figures.forEach((key, values) -> columns.get(column).put(key, median(values))));
      perJvm.forEach((label, medians) -> notes.add(label + ", each JVM's median: " + String.join(", ", medians)));
      return rounds;
    }

    static double median(List<Double> values) {
      double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private void add(String column, String key, double value) {
      roundValues.computeIfAbsent(column, c -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new ArrayList<>())
          .add(value);
    }

    /** PyTorch's figures as torch_bench.py wrote them ("key value" lines). */
    private static Map<String, String> readPeer(Path file) throws IOException {
      Map<String, String> values = new LinkedHashMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int space = line.indexOf(' ');
        values.put(line.substring(0, space), line.substring(space + 1).trim());
      }
      return values;
    }

    /**
     * The best figure of any run: PyTorch runs once per environment compare.sh tries in every round,
     * and no single environment is fastest at everything.
     */
    private static Map<String, Double> bestOf(List<Map<String, String>> runs) {
      Map<String, Double> best = new LinkedHashMap<>();
      for (Workload w : WORKLOADS) {
        for (Figure f : Figure.values()) {
          for (Map<String, String> run : runs) {
            String v = run.get(f.key(w));
            if (v != null) {
              double value = Double.parseDouble(v);
              best.merge(f.key(w), value, f.latency ? Math::min : Math::max);
            }
          }
        }
      }
      return best;
    }

    private void timeOrt(boolean checkAgreement) throws Exception {
      OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "nnc-compare");
      roundLines.add(new String[] {"ort", env.getVersion()});
      for (Workload w : WORKLOADS) {
        Path model = dir.resolve(w.name() + ".onnx");
        if (!Files.exists(model)) {
          roundLines.add(new String[] {"note", "ONNX Runtime: " + model + " is missing (run bench/peers/torch_bench.py first)"});
          continue;
        }
        Network net = w.network(true, 1);
        float[] x1 = w.inputs(net, 1);
        float[] x256 = w.inputs(net, Workload.INFERENCE_BATCH);
        float[] nncOut256 = readFloats(dir.resolve(w.name() + ".out256.f32"));
        for (int threads : ORT_THREADS) {
          String column = threads == 2 ? ORT2 : ORT1;
          System.err.printf(Locale.ROOT, "ONNX Runtime %s, %s, %d intra-op thread(s)...%n", env.getVersion(), w, threads);
          try (OrtPeer ort = new OrtPeer(env, model, threads, net.inputSize(), net.outputSize());
              OrtPeer.Binding one = ort.bind(1);
              OrtPeer.Binding batch = ort.bind(Workload.INFERENCE_BATCH)) {
            float[] y1 = new float[net.outputSize()];
            float[] y256 = new float[Workload.INFERENCE_BATCH * net.outputSize()];
            // Same network? ORT's outputs against nnc's, before timing anything.
            batch.run(x256, y256);
            one.run(x1, y1);
            double diff = Math.max(maxAbsDiff(y256, nncOut256, y256.length), maxAbsDiff(y1, nncOut256, y1.length));
            if (threads == 2 && checkAgreement) {
              roundLines.add(new String[] {"note", String.format(Locale.ROOT,
                  "%s: ONNX Runtime's outputs differ from nnc's by at most %.2g (256 inputs)", w, diff)});
            }
            if (!(diff < 1e-3)) {
              throw new IllegalStateException(w + ": ONNX Runtime and nnc disagree by " + diff + "; not the same network");
            }
            add(column, Figure.PREDICT.key(w), stopwatch.nanosPerCall(() -> one.run(x1, y1)));
            double batchNanos = stopwatch.nanosPerCall(() -> batch.run(x256, y256));
            add(column, Figure.BATCH.key(w), Workload.INFERENCE_BATCH * 1e9 / batchNanos);
          }
        }
      }
    }

    /**
     * nnc's figures from its JMH benchmarks: the vector kernels on 1 and 2 threads in one JVM each (a
     * JVM per round, since where a JVM happens to place the weights changes these kernels' speed by up
     * to 1.9x, see AlignmentCost), and with {@code scalar} the scalar ones on 1 thread. Every iteration
     * is kept; each W3 figure's JVM median goes in the notes.
     */
    private void timeNnc(Path log, boolean scalar) throws RunnerException {
      String[] workloads = WORKLOADS.stream().map(Enum::name).toArray(String[]::new);
      // predict, batch inference and training step: vector on 1 and 2 threads, scalar on 1
      int vectorRuns = 3 * 2 * workloads.length;
      int scalarRuns = scalar ? 3 * workloads.length : 0;
      double seconds = (vectorRuns + scalarRuns) * (jmhWarmups * jmhWarmupTime.convertTo(TimeUnit.MILLISECONDS)
          + jmhIterations * jmhIterationTime.convertTo(TimeUnit.MILLISECONDS)) / 1000.0;
      System.err.printf(Locale.ROOT, "nnc: %d JMH runs, about %.0f s (JMH's log: %s)...%n", vectorRuns + scalarRuns,
          seconds * 1.1, log);
      List<RunResult> results = new ArrayList<>(new Runner(jmhOptions(workloads, "vector", log, "1", "2")).run());
      if (scalar) {
        Path scalarLog = log.resolveSibling(log.getFileName().toString().replace(".log", "-scalar.log"));
        results.addAll(new Runner(jmhOptions(workloads, "scalar", scalarLog, "1")).run());
      }
      for (RunResult result : results) {
        String benchmark = result.getParams().getBenchmark();
        Workload w = Workload.valueOf(result.getParams().getParam("workload"));
        boolean vector = result.getParams().getParam("kernels").equals("vector");
        String threads = result.getParams().getParam("threads");
        Figure figure = benchmark.contains(".PredictBenchmark.") ? Figure.PREDICT
            : benchmark.contains(".BatchInferenceBenchmark.") ? Figure.BATCH
            : Figure.TRAIN;
        String column = !vector ? NNC_SCALAR : "2".equals(threads) ? NNC : NNC1;
        List<Double> values = new ArrayList<>();
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
          for (IterationResult iteration : fork.getIterationResults()) {
            Result<?> r = iteration.getPrimaryResult();
            double value = figureValue(figure, r.getScore(), r.getScoreUnit());
            values.add(value);
            add(column, figure.key(w), value);
          }
        }
        if (vector && w == Workload.W3 && !values.isEmpty()) {
          roundLines.add(new String[] {"jvm", String.format(Locale.ROOT, "W3 %s, nnc %st", figure.label, threads),
              value(median(values), figure, false) + (figure.latency ? " µs" : " samples/s")});
        }
      }
    }

    private Options jmhOptions(String[] workloads, String kernels, Path log, String... threads) {
      return new OptionsBuilder()
          .include("^dev\\.nnc\\.bench\\.(PredictBenchmark|BatchInferenceBenchmark|TrainStepBenchmark)\\.")
          .param("workload", workloads)
          .param("kernels", kernels)
          .param("threads", threads)
          .forks(1)
          .jvmArgs("--add-modules", "jdk.incubator.vector", "-XX:G1HeapRegionSize=1m")
          .warmupIterations(jmhWarmups)
          .warmupTime(jmhWarmupTime)
          .measurementIterations(jmhIterations)
          .measurementTime(jmhIterationTime)
          .shouldFailOnError(true)
          .output(log.toString())
          .build();
    }

    /** A JMH score (time per operation) as the table's value: ns for latency, samples/s otherwise. */
    private static double figureValue(Figure figure, double score, String unit) {
      double nanosPerOp = nanosPerOp(score, unit);
      return figure.latency ? nanosPerOp : 1e9 / nanosPerOp;
    }

    /** One of the issue's targets, measured from a set of columns (all rounds', or one round's). */
    private record Target(String label, double bound, String unit, boolean atMost,
        Function<Map<String, Map<String, Double>>, Double> measure) {}

    private static final List<Target> TARGETS = List.of(
        new Target("W3 training step ≥ 3× PyTorch (2 threads) samples/s", 3.0, "×", false,
            c -> ratioValue(get(c, NNC, "W3.train"), get(c, TORCH2, "W3.train"), Figure.TRAIN)),
        new Target("W3 single-sample predict ≤ 0.25× ONNX Runtime (2 threads) latency", 0.25, "× ORT's latency", true,
            c -> ratioOf(get(c, NNC, "W3.predict"), get(c, ORT2, "W3.predict"))),
        new Target("W3 batch-256 ≥ 1.0× ONNX Runtime (2 threads) samples/s", 1.0, "×", false,
            c -> ratioValue(get(c, NNC, "W3.batch"), get(c, ORT2, "W3.batch"), Figure.BATCH)),
        new Target("W1 single-sample predict ≤ 20 ns", 20.0, " ns", true, c -> get(c, NNC, "W1.predict")),
        new Target("W3 training step, 2 threads ≥ 1.7× 1 thread", 1.7, "×", false,
            c -> ratioValue(get(c, NNC, "W3.train"), get(c, NNC1, "W3.train"), Figure.TRAIN)),
        new Target("W3 batch-256, 2 threads ≥ 1.7× 1 thread", 1.7, "×", false,
            c -> ratioValue(get(c, NNC, "W3.batch"), get(c, NNC1, "W3.batch"), Figure.BATCH)));

    private static Double get(Map<String, Map<String, Double>> columns, String column, String key) {
      Map<String, Double> figures = columns.get(column);
      return figures == null ? null : figures.get(key);
    }

    private static Double ratioOf(Double a, Double b) {
      return a == null || b == null ? null : a / b;
    }

    private String report(List<Map<String, String>> torch2, List<Map<String, String>> torch1, int rounds) {
      StringBuilder out = new StringBuilder();
      out.append("### nnc vs PyTorch vs ONNX Runtime, JDK ").append(Runtime.version().feature()).append("\n\n");
      out.append("Ratios are oriented so that **> 1 means nnc is better**: peer latency / nnc latency for predict, "
          + "nnc samples/s / peer samples/s otherwise. Each figure is a median over repetitions. "
          + "\"2t\"/\"1t\" are thread counts, on both sides: nnc 2t against the peers' 2t, nnc 1t against their 1t. "
          + "With 2 threads, nnc's single-sample predict shares each large layer's columns between them.\n\n");
      List<String> header = List.of("workload", "figure", "unit", NNC, NNC1, NNC_SCALAR, TORCH2, ORT2,
          "nnc 2t / PyTorch 2t", "nnc 2t / ORT 2t", TORCH1, ORT1, "nnc 1t / PyTorch 1t", "nnc 1t / ORT 1t");
      out.append("| ").append(String.join(" | ", header)).append(" |\n");
      out.append("|").append("---|".repeat(2)).append(":-:|").append("--:|".repeat(header.size() - 3)).append('\n');
      for (Workload w : WORKLOADS) {
        for (Figure f : Figure.values()) {
          String key = f.key(w);
          Double nnc = columns.get(NNC).get(key);
          boolean nanos = f.latency && nnc != null && nnc < 1000;
          String unit = f.latency ? (nanos ? "ns" : "µs") : "samples/s";
          List<String> cells = new ArrayList<>(List.of(w.name(), f.label, unit));
          for (String c : List.of(NNC, NNC1, NNC_SCALAR, TORCH2, ORT2)) {
            cells.add(value(columns.get(c).get(key), f, nanos));
          }
          cells.add(ratio(nnc, columns.get(TORCH2).get(key), f));
          cells.add(ratio(nnc, columns.get(ORT2).get(key), f));
          for (String c : List.of(TORCH1, ORT1)) {
            cells.add(value(columns.get(c).get(key), f, nanos));
          }
          Double nnc1 = columns.get(NNC1).get(key);
          cells.add(ratio(nnc1, columns.get(TORCH1).get(key), f));
          cells.add(ratio(nnc1, columns.get(ORT1).get(key), f));
          out.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
      }
      out.append("\nONNX Runtime covers inference only (—). Targets from the issue:\n\n");
      for (Target t : TARGETS) {
        out.append("- ").append(t.label()).append(": ");
        Double measured = t.measure().apply(columns);
        if (measured == null) {
          out.append("not measured\n");
          continue;
        }
        boolean met = t.atMost() ? measured <= t.bound() : measured >= t.bound();
        out.append(fmt(measured)).append(t.unit()).append(" → **").append(met ? "met" : "not met").append("**");
        if (roundColumns.size() > 1) {
          List<String> each = new ArrayList<>();
          for (Map<String, Map<String, Double>> round : roundColumns) {
            Double value = t.measure().apply(round);
            each.add(value == null ? "—" : fmt(value));
          }
          out.append(" (round by round: ").append(String.join(", ", each)).append(')');
        }
        out.append('\n');
      }
      if (roundColumns.size() > 1) {
        out.append("\nRound by round: each round's nnc figure (the median of its JVM's iterations) against the "
            + "peers' figures of the same round, minutes apart; the table pools the rounds.\n");
      }

      out.append("\nMachine and settings:\n\n");
      out.append("- CPU: ").append(Machine.cpu()).append('\n');
      out.append("- JDK: ").append(Machine.jdk()).append('\n');
      out.append("- Two cores at once (FmaPeak's register-only FMA loop on both vCPUs together against one alone, "
          + "samples about 0.3 s apart; a sample below 2x means the host was not giving this VM two whole cores "
          + "then, and the host's share changes from one second to the next): ")
          .append(twoCores.isEmpty() ? "not measured" : String.join("; ", twoCores)).append('\n');
      out.append("- ").append(rounds).append(rounds == 1 ? " round" : " rounds").append(", each running PyTorch "
          + "(2 threads in both environments below, then 1 thread), then ONNX Runtime, then nnc, so that every side "
          + "meets the host's fast and slow minutes alike\n");
      out.append("- nnc: generated kernels from the generated module, on 1 thread or a WorkerTeam of 2 (vector "
          + "kernels; scalar ones on 1 thread); timed by the project's JMH benchmarks "
          + "(PredictBenchmark, BatchInferenceBenchmark, TrainStepBenchmark; JMH 1.37, vector kernels in ")
          .append(rounds).append(rounds == 1 ? " JVM" : " JVMs").append(" each, one a round, scalar in one; ")
          .append(jmhWarmups).append(" × ").append(jmhWarmupTime).append(" warm-up, median of all ")
          .append(jmhIterations).append(" × ").append(jmhIterationTime).append(" iterations of every JVM); Adam(lr=")
          .append(PeerExport.LEARNING_RATE).append(")\n");
      List<Map<String, String>> torchRuns = new ArrayList<>(torch2);
      torchRuns.addAll(torch1);
      if (!torchRuns.isEmpty()) {
        Map<String, String> first = torchRuns.get(0);
        String tunables = envVar(first, "GLIBC_TUNABLES");
        out.append(String.format(Locale.ROOT, "- PyTorch: %s with OpenBLAS %s (core %s); %s%s%n",
            first.getOrDefault("torch_version", "?"), first.getOrDefault("openblas_version", "?"),
            first.getOrDefault("openblas_core", "?"), first.getOrDefault("method", ""),
            tunables == null ? "" : "; every run with GLIBC_TUNABLES=" + tunables));
      }
      out.append("- ").append(TORCH2).append(" is the best figure of ").append(torch2.size())
          .append(" run(s) with torch.set_num_threads(2) (Debian's torch drives OpenBLAS's pthread pool beside its own "
              + "OpenMP pool; no one setting is fastest at everything, and the figures vary from one process to the "
              + "next):\n");
      for (Map<String, String> run : torch2) {
        out.append("  - ").append(runLine(run)).append('\n');
      }
      out.append("- ").append(TORCH1).append(" is the best figure of ").append(torch1.size())
          .append(" run(s) with torch.set_num_threads(1)").append(torch1.isEmpty() ? "\n" : ":\n");
      for (Map<String, String> run : torch1) {
        out.append("  - ").append(runLine(run)).append('\n');
      }
      out.append("- ONNX Runtime: ").append(ortVersion)
          .append(" (Java API, CPU provider; intra-op threads 2 and 1, inter-op 1, sequential, ORT_ENABLE_ALL; "
              + "input and output tensors bound once to direct buffers, pinned output); ")
          .append(stopwatch.describe()).append(" in every round, the figure the median of the rounds' medians\n");
      out.append("- Same network: nnc's initial weights (seed 42) are loaded into PyTorch, which exports the ONNX file; "
          + "inputs and targets are Workload's, written once and read by every side.\n");
      for (Workload w : WORKLOADS) {
        Map<String, String> run = !torch2.isEmpty() ? torch2.get(0) : !torch1.isEmpty() ? torch1.get(0) : Map.of();
        String agree = run.get(w.name() + ".max_abs_diff_out256");
        if (agree != null) {
          notes.add(String.format(Locale.ROOT, "%s: PyTorch's outputs differ from nnc's by at most %s; first-step loss "
              + "PyTorch %s, nnc %s", w, agree, run.get(w.name() + ".loss0"), run.get(w.name() + ".nnc_loss0")));
        }
      }
      for (String note : notes) {
        out.append("- ").append(note).append('\n');
      }
      String load = System.getProperty("compare.loadavg");
      if (load != null) {
        out.append("- Load average (1, 5, 15 min) when compare.sh started: ").append(load)
            .append("; at the end: ").append(Machine.loadAverage());
        String steal = Machine.stealSince(System.getProperty("compare.procstat"));
        if (steal != null) {
          out.append("; CPU time stolen by the hypervisor during the run: ").append(steal);
        }
        out.append('\n');
      }
      String command = System.getProperty("compare.command");
      if (command != null) {
        out.append("- Command: `").append(command).append("`\n");
      }
      out.append("- Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append('\n');
      return out.toString();
    }

    /** e.g. "`OPENBLAS_NUM_THREADS=1` (torch 2 threads, OpenBLAS 1): W3: predict 32.1 µs, ...". */
    private static String runLine(Map<String, String> run) {
      String env = run.getOrDefault("env", "?").replaceAll("\\s*GLIBC_TUNABLES=\\S+", "").trim();
      return String.format(Locale.ROOT, "`%s` (torch threads %s, OpenBLAS threads %s): %s", env.isEmpty() ? "(none)" : env,
          run.getOrDefault("threads", "?"), run.getOrDefault("openblas_threads", "?"), figuresLine(run));
    }

    private static String envVar(Map<String, String> run, String name) {
      for (String assignment : run.getOrDefault("env", "").split("\\s+")) {
        if (assignment.startsWith(name + "=")) {
          return assignment.substring(name.length() + 1);
        }
      }
      return null;
    }

    /** One run's own figures, e.g. "W3: predict 32.1 µs, batch 330,000/s, train 27,000/s; W1: ...". */
    private static String figuresLine(Map<String, String> run) {
      List<String> parts = new ArrayList<>();
      for (Workload w : WORKLOADS) {
        List<String> figures = new ArrayList<>();
        for (Figure f : Figure.values()) {
          String v = run.get(f.key(w));
          if (v != null) {
            double value = Double.parseDouble(v);
            figures.add(f.key + " " + (f.latency ? String.format(Locale.ROOT, "%.1f µs", value / 1000)
                : String.format(Locale.ROOT, "%,.0f/s", value)));
          }
        }
        parts.add(w + ": " + String.join(", ", figures));
      }
      return String.join("; ", parts);
    }

    private static String fmt(double v) {
      return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v)
          : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
          : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String value(Double v, Figure f, boolean nanos) {
      if (v == null) {
        return "—";
      }
      if (f.latency) {
        double shown = nanos ? v : v / 1000;
        return shown >= 1000 ? String.format(Locale.ROOT, "%,.0f", shown)
            : shown >= 100 ? String.format(Locale.ROOT, "%.0f", shown)
            : shown >= 10 ? String.format(Locale.ROOT, "%.1f", shown)
            : String.format(Locale.ROOT, "%.2f", shown);
      }
      return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static Double ratioValue(Double nnc, Double peer, Figure f) {
      if (nnc == null || peer == null) {
        return null;
      }
      return f.latency ? peer / nnc : nnc / peer;
    }

    private static String ratio(Double nnc, Double peer, Figure f) {
      Double r = ratioValue(nnc, peer, f);
      return r == null ? "—" : fmt(r) + "×";
    }
  }

  /** JMH's score in {@code unit} (e.g. "ns/op", "ops/s", "ops/us") as nanoseconds per operation. */
  static double nanosPerOp(double score, String unit) {
    String[] parts = unit.split("/");
    if (parts.length == 2 && parts[1].equals("op")) {
      return score * nanos(parts[0]);
    }
    if (parts.length == 2 && parts[0].equals("ops")) {
      return nanos(parts[1]) / score;
    }
    throw new IllegalArgumentException("unexpected JMH score unit " + unit);
  }

  private static double nanos(String timeUnit) {
    return switch (timeUnit) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "min" -> 60e9;
      default -> throw new IllegalArgumentException("unexpected JMH time unit " + timeUnit);
    };
  }

  static float[] readFloats(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(values);
    return values;
  }

  static double maxAbsDiff(float[] a, float[] b, int n) {
    double max = 0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }
}
