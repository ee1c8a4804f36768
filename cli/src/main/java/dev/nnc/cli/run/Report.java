package dev.nnc.cli.run;

import dev.nnc.compiler.diagram.Svg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The training report: one self-contained HTML page (inline CSS and SVG, no scripts, fonts or
 * anything else fetched) that opens offline and survives being mailed around. {@link #single} shows
 * one run: learning curves, the confusion matrix, the model and its hyperparameters; {@link #compare}
 * puts several runs' curves on the same axes and their settings side by side.
 */
public final class Report {

  /** Tableau 10: distinguishable, and readable by most colour-blind people. */
  private static final String[] PALETTE = {
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
  };

  private Report() {}

  /** The report of one run, from what its directory holds. */
  public static String single(RunRecord run) {
    RunInfo info = run.info();
    StringBuilder page = new StringBuilder();
    head(page, info.model() + " · " + run.name());
    page.append("<header>\n<h1>").append(Svg.escape(info.model())).append("</h1>\n<p class=\"sub\">run ")
        .append(Svg.escape(run.name())).append(" · ").append(Svg.escape(info.modelFile())).append(" · started ")
        .append(Svg.escape(info.started())).append(" · ").append(Svg.escape(status(run))).append("</p>\n</header>\n");

    headline(page, run);

    page.append("<section id=\"curves\">\n<h2>Learning curves</h2>\n<div class=\"charts\">\n");
    boolean classifies = !info.data().classes().isEmpty();
    page.append(lossChart(List.of(run), false).svg());
    if (classifies) {
      page.append(accuracyChart(List.of(run), false).svg());
    }
    page.append(learningRateChart(List.of(run), false).svg());
    page.append("</div>\n");
    Outcome outcome = run.outcome();
    if (outcome != null && outcome.stoppedEpoch() > 0) {
      page.append("<p class=\"note\">Early stopping ended training after epoch ").append(outcome.stoppedEpoch())
          .append(outcome.restoredEpoch() > 0 ? "; the weights are epoch " + outcome.restoredEpoch() + "'s" : "")
          .append(".</p>\n");
    }
    page.append("</section>\n");

    if (outcome != null && outcome.evaluation() != null) {
      evaluation(page, outcome.evaluation(), info.data().classes());
    }

    page.append("<section id=\"model\">\n<h2>Model</h2>\n<div class=\"model\">\n");
    summaryTable(page, info);
    if (run.diagram() != null) {
      page.append("<div id=\"diagram\" class=\"diagram\">\n").append(run.diagram().strip()).append("\n</div>\n");
    }
    page.append("</div>\n</section>\n");

    page.append("<section id=\"settings\">\n<h2>Hyperparameters</h2>\n");
    settingsTable(page, List.of(run));
    page.append("</section>\n");
    page.append("<footer>Files in this run: ").append(RunDirectory.HYPERPARAMETERS).append(", ")
        .append(RunDirectory.METRICS_CSV).append(", ").append(RunDirectory.METRICS_JSON).append(", ")
        .append(RunDirectory.OUTCOME).append(", ").append(RunDirectory.WEIGHTS).append(", ")
        .append(RunDirectory.DIAGRAM).append(", TensorBoard events (<code>tensorboard --logdir ")
        .append(Svg.escape(run.directory().getParent() == null ? "runs" : run.directory().getParent().toString()))
        .append("</code>). Written by nnc.</footer>\n");
    return page.append("</body>\n</html>\n").toString();
  }

  /** Several runs' curves on shared axes (one colour per run; validation dashed) and their settings side by side. */
  public static String compare(List<RunRecord> runs) {
    StringBuilder page = new StringBuilder();
    List<String> names = runs.stream().map(RunRecord::name).toList();
    head(page, "nnc · " + String.join(" vs ", names));
    page.append("<header>\n<h1>Comparing ").append(runs.size()).append(" runs</h1>\n<p class=\"sub\">")
        .append(Svg.escape(String.join(" · ", names))).append("</p>\n</header>\n");

    page.append("<section id=\"curves\">\n<h2>Learning curves</h2>\n<p class=\"legend\" id=\"legend\">");
    for (int i = 0; i < runs.size(); i++) {
      page.append("<span><i style=\"background:").append(color(i)).append("\"></i>")
          .append(Svg.escape(runs.get(i).name())).append("</span> ");
    }
    page.append("<span class=\"hint\">solid: training · dashed: validation</span></p>\n<div class=\"charts\">\n");
    page.append(lossChart(runs, true).svg());
    if (runs.stream().anyMatch(r -> !r.info().data().classes().isEmpty())) {
      page.append(accuracyChart(runs, true).svg());
    }
    page.append(learningRateChart(runs, true).svg());
    page.append("</div>\n</section>\n");

    page.append("<section id=\"results\">\n<h2>Results</h2>\n<table id=\"comparison\">\n<thead><tr><th></th>");
    for (String name : names) {
      page.append("<th>").append(Svg.escape(name)).append("</th>");
    }
    page.append("</tr></thead>\n<tbody>\n");
    Map<String, Function<RunRecord, String>> rows = new LinkedHashMap<>();
    rows.put("model", r -> r.info().model());
    rows.put("status", Report::status);
    rows.put("parameters", r -> String.format(Locale.ROOT, "%,d", r.info().parameters()));
    rows.put("final training loss", r -> Markup.metric(last(r, EpochRow::trainLoss)));
    rows.put("best validation loss", r -> bestValidation(r));
    rows.put("held-out accuracy", r -> evaluated(r, Outcome.Evaluated::accuracy));
    rows.put("held-out F1", r -> evaluated(r, Outcome.Evaluated::f1));
    rows.put("held-out R²", r -> evaluated(r, Outcome.Evaluated::r2));
    rows.put("training time", r -> r.outcome() == null ? "–" : seconds(r.outcome().seconds()));
    for (Map.Entry<String, Function<RunRecord, String>> row : rows.entrySet()) {
      List<String> values = runs.stream().map(row.getValue()).toList();
      if (values.stream().allMatch("–"::equals)) {
        continue;
      }
      tableRow(page, row.getKey(), values);
    }
    page.append("</tbody>\n</table>\n</section>\n");

    page.append("<section id=\"settings\">\n<h2>Hyperparameters</h2>\n<p class=\"note\">Rows that differ between the runs are marked.</p>\n");
    settingsTable(page, runs);
    page.append("</section>\n");

    page.append("<section id=\"model\">\n<h2>Models</h2>\n");
    for (RunRecord run : runs) {
      page.append("<details><summary>").append(Svg.escape(run.name())).append(": ")
          .append(Svg.escape(run.info().model())).append(", ")
          .append(String.format(Locale.ROOT, "%,d", run.info().parameters())).append(" parameters</summary>\n");
      summaryTable(page, run.info());
      if (run.diagram() != null) {
        page.append("<div class=\"diagram\">\n").append(run.diagram().strip()).append("\n</div>\n");
      }
      page.append("</details>\n");
    }
    page.append("</section>\n<footer>Written by nnc report.</footer>\n");
    return page.append("</body>\n</html>\n").toString();
  }

  private static void head(StringBuilder page, String title) {
    page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"nnc\">\n")
        .append("<title>").append(Svg.escape(title)).append("</title>\n<style>\n").append(STYLE)
        .append("</style>\n</head>\n<body>\n");
  }

  private static void headline(StringBuilder page, RunRecord run) {
    page.append("<section id=\"headline\" class=\"cards\">\n");
    Outcome outcome = run.outcome();
    Outcome.Evaluated evaluated = outcome == null ? null : outcome.evaluation();
    if (evaluated != null && evaluated.classifies()) {
      card(page, evaluated.split() + " accuracy", Markup.metric(evaluated.accuracy()));
      card(page, evaluated.split() + " F1" + (evaluated.confusion().length == 2 ? "" : " (macro)"),
          Markup.metric(evaluated.f1()));
    } else if (evaluated != null) {
      card(page, evaluated.split() + " R²", Markup.metric(evaluated.r2()));
      card(page, evaluated.split() + " MAE", Markup.metric(evaluated.mae()));
    }
    card(page, "final training loss", Markup.metric(last(run, EpochRow::trainLoss)));
    EpochRow best = run.bestValidationEpoch();
    if (best != null) {
      card(page, "best validation loss (epoch " + best.epoch() + ")", Markup.metric(best.validationLoss()));
    }
    card(page, "epochs", Integer.toString(run.epochs().size()));
    card(page, "parameters", String.format(Locale.ROOT, "%,d", run.info().parameters()));
    if (outcome != null) {
      card(page, "training time", seconds(outcome.seconds()));
    }
    page.append("</section>\n");
  }

  private static void card(StringBuilder page, String label, String value) {
    page.append("<div class=\"card\"><div class=\"value\">").append(Svg.escape(value))
        .append("</div><div class=\"label\">").append(Svg.escape(label)).append("</div></div>\n");
  }

  private static LineChart lossChart(List<RunRecord> runs, boolean comparing) {
    return trainingAndValidation(new LineChart("chart-loss", "Loss", "loss"), runs, comparing,
        EpochRow::trainLoss, EpochRow::validationLoss);
  }

  private static LineChart accuracyChart(List<RunRecord> runs, boolean comparing) {
    return trainingAndValidation(new LineChart("chart-accuracy", "Accuracy", "accuracy"), runs, comparing,
        EpochRow::trainAccuracy, EpochRow::validationAccuracy);
  }

  /**
   * A figure's training and validation lines for each run (validation only where there is any): one
   * run in two colours, several runs in one colour each with validation dashed.
   */
  private static LineChart trainingAndValidation(LineChart chart, List<RunRecord> runs, boolean comparing,
      Function<EpochRow, Double> training, Function<EpochRow, Double> validation) {
    for (int i = 0; i < runs.size(); i++) {
      RunRecord run = runs.get(i);
      String prefix = comparing ? run.name() + " " : "";
      chart.add(new LineChart.Series(prefix + "training", comparing ? color(i) : color(0), false,
          column(run, training)));
      Double[] values = column(run, validation);
      if (java.util.Arrays.stream(values).anyMatch(LineChart::present)) {
        chart.add(new LineChart.Series(prefix + "validation", comparing ? color(i) : color(1), comparing, values));
      }
    }
    return comparing ? chart.withoutLegend() : chart;
  }

  private static LineChart learningRateChart(List<RunRecord> runs, boolean comparing) {
    LineChart chart = new LineChart("chart-lr", "Learning rate", "learning rate");
    for (int i = 0; i < runs.size(); i++) {
      RunRecord run = runs.get(i);
      chart.add(new LineChart.Series(comparing ? run.name() : "learning rate", color(comparing ? i : 2), false,
          column(run, row -> row.learningRate())));
    }
    return comparing ? chart.withoutLegend() : chart;
  }

  private static void evaluation(StringBuilder page, Outcome.Evaluated evaluated, List<String> classes) {
    page.append("<section id=\"evaluation\">\n<h2>").append(Svg.escape(capitalized(evaluated.split())))
        .append(" set (").append(String.format(Locale.ROOT, "%,d", evaluated.rows())).append(" rows)</h2>\n");
    if (!evaluated.classifies()) {
      page.append("<table id=\"regression\">\n<tbody>\n");
      tableRow(page, "MSE", List.of(Markup.metric(evaluated.mse())));
      tableRow(page, "MAE", List.of(Markup.metric(evaluated.mae())));
      tableRow(page, "R²", List.of(Markup.metric(evaluated.r2())));
      page.append("</tbody>\n</table>\n</section>\n");
      return;
    }
    List<String> names = classes.size() == evaluated.confusion().length ? classes
        : java.util.stream.IntStream.range(0, evaluated.confusion().length).mapToObj(Integer::toString).toList();
    page.append("<div class=\"evaluation\">\n<figure>\n").append(ConfusionHeatMap.svg("confusion", evaluated.confusion(), names))
        .append("<figcaption>Confusion matrix: each cell's shade is its share of the actual class.</figcaption>\n</figure>\n");
    page.append("<table id=\"classes\">\n<thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th>")
        .append("<th>support</th></tr></thead>\n<tbody>\n");
    for (Outcome.ClassScore score : evaluated.classes()) {
      page.append("<tr><td>").append(Svg.escape(score.name())).append("</td><td>")
          .append(Markup.metric(score.precision())).append("</td><td>").append(Markup.metric(score.recall()))
          .append("</td><td>").append(Markup.metric(score.f1())).append("</td><td>")
          .append(String.format(Locale.ROOT, "%,d", score.support())).append("</td></tr>\n");
    }
    page.append("<tr class=\"total\"><td>accuracy</td><td colspan=\"3\">").append(Markup.metric(evaluated.accuracy()))
        .append("</td><td>").append(String.format(Locale.ROOT, "%,d", evaluated.rows())).append("</td></tr>\n");
    if (evaluated.loss() != null) {
      page.append("<tr class=\"total\"><td>loss</td><td colspan=\"4\">").append(Markup.metric(evaluated.loss()))
          .append("</td></tr>\n");
    }
    page.append("</tbody>\n</table>\n</div>\n</section>\n");
  }

  private static void summaryTable(StringBuilder page, RunInfo info) {
    page.append("<table class=\"summary\" id=\"summary\">\n<thead><tr><th>layer</th><th>output shape</th>")
        .append("<th>parameters</th></tr></thead>\n<tbody>\n");
    for (RunInfo.LayerInfo layer : info.layers()) {
      page.append("<tr><td><code>").append(Svg.escape(layer.layer())).append("</code></td><td>")
          .append(Svg.escape(layer.shape())).append("</td><td class=\"number\">")
          .append(String.format(Locale.ROOT, "%,d", layer.parameters())).append("</td></tr>\n");
    }
    page.append("<tr class=\"total\"><td>total</td><td></td><td class=\"number\">")
        .append(String.format(Locale.ROOT, "%,d", info.parameters())).append("</td></tr>\n</tbody>\n</table>\n");
  }

  /** Every hyperparameter, one column per run; with several runs, rows that differ get {@code class="differs"}. */
  private static void settingsTable(StringBuilder page, List<RunRecord> runs) {
    List<Map<String, String>> columns = runs.stream().map(r -> settings(r.info())).toList();
    List<String> keys = new ArrayList<>();
    for (Map<String, String> column : columns) {
      for (String key : column.keySet()) {
        if (!keys.contains(key)) {
          keys.add(key);
        }
      }
    }
    page.append("<table id=\"hyperparameters\">\n");
    if (runs.size() > 1) {
      page.append("<thead><tr><th></th>");
      for (RunRecord run : runs) {
        page.append("<th>").append(Svg.escape(run.name())).append("</th>");
      }
      page.append("</tr></thead>\n");
    }
    page.append("<tbody>\n");
    for (String key : keys) {
      List<String> values = columns.stream().map(c -> c.getOrDefault(key, "–")).toList();
      boolean differs = runs.size() > 1 && values.stream().distinct().count() > 1;
      page.append(differs ? "<tr class=\"differs\">" : "<tr>");
      page.append("<th>").append(Svg.escape(key)).append("</th>");
      for (String value : values) {
        page.append("<td>").append(Svg.escape(value)).append("</td>");
      }
      page.append("</tr>\n");
    }
    page.append("</tbody>\n</table>\n");
  }

  /** The run's settings as label → value, in reading order. */
  static Map<String, String> settings(RunInfo info) {
    Map<String, String> rows = new LinkedHashMap<>();
    RunInfo.TrainInfo train = info.train();
    rows.put("loss", train.loss());
    rows.put("optimizer", train.optimizer());
    // in the order hyperparameters.json lists them: the learning rate first (RunArchive writes them so)
    train.optimizerParameters().forEach((name, value) -> rows.put(train.optimizer() + " " + name, number(value)));
    rows.put("epochs", Integer.toString(train.epochs()));
    rows.put("batch size", Integer.toString(train.batch()));
    rows.put("shuffle", Boolean.toString(train.shuffle()));
    rows.put("seed", Long.toString(train.seed()));
    rows.put("schedule", train.schedule() == null ? "none" : describe(train.schedule()));
    rows.put("early stopping", train.earlyStopping() == null ? "none" : describe(train.earlyStopping()));
    rows.put("l1", number(train.l1()));
    rows.put("l2", number(train.l2()));
    rows.put("clip norm", train.clipNorm() == 0 ? "none" : number(train.clipNorm()));
    rows.put("resumed from a checkpoint", Boolean.toString(train.resumed()));
    RunInfo.DataInfo data = info.data();
    rows.put("data", data.source());
    rows.put("rows (train / validation / test)", String.format(Locale.ROOT, "%,d / %,d / %,d", data.trainRows(),
        data.validationRows(), data.testRows()));
    rows.put("features", data.features().size() <= 8 ? String.join(", ", data.features())
        : data.features().size() + " (" + data.features().get(0) + " … " + data.features().get(data.features().size() - 1) + ")");
    if (!data.classes().isEmpty()) {
      rows.put("classes", String.join(", ", data.classes()));
    }
    RunInfo.Environment environment = info.environment();
    rows.put("kernels", environment.vectorBits() == 0 ? "scalar Java" : environment.vectorBits() + "-bit Vector API");
    rows.put("threads", Integer.toString(environment.threads()));
    rows.put("machine", environment.cpu() + ", " + environment.cores() + " cores");
    rows.put("Java", environment.java());
    rows.put("command", "nnc " + String.join(" ", info.command()));
    return rows;
  }

  private static String describe(Map<String, Object> map) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, Object> e : map.entrySet()) {
      text.append(text.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
          .append(e.getValue() instanceof Double d ? number(d) : String.valueOf(e.getValue()));
    }
    return text.toString();
  }

  /** 0.001, 0.9, 100: shortest form, no trailing zeros, no exponent for everyday values. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    String text = Double.toString(value);
    if (!text.contains("E")) {
      return text;
    }
    if (Math.abs(value) >= 1e-6) {
      return new java.math.BigDecimal(text).stripTrailingZeros().toPlainString();
    }
    // 1.0E-8 -> 1e-8, as Python and the .nn file write it
    String mantissa = text.substring(0, text.indexOf('E')).replaceAll("\\.0$", "");
    return mantissa + "e" + text.substring(text.indexOf('E') + 1);
  }

  private static void tableRow(StringBuilder page, String label, List<String> values) {
    page.append("<tr><th>").append(Svg.escape(label)).append("</th>");
    for (String value : values) {
      page.append("<td>").append(Svg.escape(value)).append("</td>");
    }
    page.append("</tr>\n");
  }

  private static String status(RunRecord run) {
    Outcome outcome = run.outcome();
    if (outcome == null) {
      return "running or interrupted after " + run.epochs().size() + " epochs";
    }
    String text = outcome.status() + " after " + outcome.epochs() + " epochs in " + seconds(outcome.seconds());
    return outcome.message() == null ? text : text + ": " + outcome.message();
  }

  private static String bestValidation(RunRecord run) {
    EpochRow best = run.bestValidationEpoch();
    return best == null ? "–" : Markup.metric(best.validationLoss()) + " (epoch " + best.epoch() + ")";
  }

  private static Double last(RunRecord run, Function<EpochRow, Double> value) {
    return run.epochs().isEmpty() ? null : value.apply(run.epochs().get(run.epochs().size() - 1));
  }

  private static String evaluated(RunRecord run, Function<Outcome.Evaluated, Double> value) {
    if (run.outcome() == null || run.outcome().evaluation() == null) {
      return "–";
    }
    return Markup.metric(value.apply(run.outcome().evaluation()));
  }

  private static Double[] column(RunRecord run, Function<EpochRow, Double> value) {
    return run.epochs().stream().map(value).toArray(Double[]::new);
  }

  static String seconds(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long whole = Math.round(seconds);
    return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String color(int index) {
    return PALETTE[index % PALETTE.length];
  }

  private static final String STYLE = """
      :root { color-scheme: light; --ink: #1f2933; --muted: #62707d; --line: #d9dee3; --accent: #2f5d8a; }
      * { box-sizing: border-box; }
      body { margin: 0 auto; max-width: 1240px; padding: 24px 32px 48px; color: var(--ink); background: #fff;
             font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
      h1 { margin: 0; font-size: 28px; }
      h2 { margin: 32px 0 12px; font-size: 19px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
      .sub, .note, footer, .hint { color: var(--muted); }
      footer { margin-top: 40px; font-size: 13px; }
      .cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 20px; }
      .card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; flex: 1 1 110px; max-width: 240px; }
      .card .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
      .card .label { color: var(--muted); font-size: 13px; }
      .charts, .evaluation, .model { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
      svg { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; max-width: 100%; height: auto; }
      svg.chart { border: 1px solid var(--line); border-radius: 8px; flex: 1 1 340px; max-width: 520px; }
      .chart-title { font-size: 14px; font-weight: 600; fill: var(--ink); }
      .grid line { stroke: #eceff2; }
      .frame { fill: none; stroke: #b8c0c8; }
      .tick, .axis-label { fill: var(--muted); }
      .legend text { fill: var(--ink); }
      p.legend span { margin-right: 16px; white-space: nowrap; }
      p.legend i { display: inline-block; width: 18px; height: 4px; margin-right: 6px; vertical-align: middle; }
      figure { margin: 0; }
      figcaption { color: var(--muted); font-size: 13px; max-width: 420px; }
      .cell text { font-size: 12px; font-variant-numeric: tabular-nums; }
      table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
      th, td { text-align: left; padding: 4px 14px 4px 0; border-bottom: 1px solid #eceff2; vertical-align: top; }
      thead th { color: var(--muted); font-weight: 600; }
      tbody th { font-weight: 500; color: var(--muted); white-space: nowrap; }
      td { overflow-wrap: anywhere; }
      #hyperparameters { max-width: 100%; }
      td.number { text-align: right; }
      tr.total td { font-weight: 600; }
      tr.differs th, tr.differs td { background: #fff4d6; }
      .diagram { overflow-x: auto; max-width: 100%; }
      details { margin: 8px 0; }
      summary { cursor: pointer; font-weight: 500; }
      code { font: 13px ui-monospace, "SF Mono", Menlo, Consolas, monospace; }
      """;
}
