package dev.nnc.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's pieces: charts, heat map, escaping and the comparison's marked differences. */
class ReportTest {

  @Test
  void aMissingValueBreaksTheLineInsteadOfDroppingToZero() {
    String svg = new LineChart("c", "Loss", "loss")
        .add(new LineChart.Series("training", "#000", false, new Double[] {1.0, null, 3.0, Double.NaN, 4.0, 5.0}))
        .svg();
    assertEquals(3, count(svg, "<polyline"), "three stretches: [1], [3], [4, 5]\n" + svg);
    assertEquals(4, count(svg, "<circle"), svg);
    assertTrue(svg.contains("<title>training, epoch 6: 5.0000</title>"), svg);
  }

  @Test
  void ticksAreRoundNumbersCoveringTheData() {
    LineChart.Ticks loss = LineChart.Ticks.covering(0.0013, 0.65, 5);
    assertEquals(0.0, loss.low());
    assertEquals(0.8, loss.high(), 1e-12);
    assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8"), loss.values().stream().map(loss::label).toList());
    LineChart.Ticks constant = LineChart.Ticks.covering(0.01, 0.01, 5);
    assertTrue(constant.low() < 0.01 && constant.high() > 0.01, "a constant still gets an axis: " + constant);
    LineChart.Ticks epochs = LineChart.Ticks.integers(1, 100, 8);
    assertEquals(List.of("20", "40", "60", "80", "100"), epochs.values().stream().map(epochs::label).toList());
  }

  @Test
  void theHeatMapShadesByShareOfTheActualClassAndCountsEveryCell() {
    String svg = ConfusionHeatMap.svg("confusion", new long[][] {{8, 2}, {0, 90}}, List.of("rare", "common"));
    assertEquals(4, count(svg, "<g class=\"cell\">"));
    // 8 of 10 rare rows: darker than the 90 common rows' share would suggest if shaded by count
    assertTrue(svg.contains("fill=\"" + ConfusionHeatMap.shade(0.8) + "\""), svg);
    assertTrue(svg.contains("fill=\"" + ConfusionHeatMap.shade(1.0) + "\""), svg);
    assertTrue(svg.contains("<title>actual rare, predicted common: 2 (20.0% of rare)</title>"), svg);
    assertEquals("#ffffff", ConfusionHeatMap.shade(0));
    assertEquals("#2f5d8a", ConfusionHeatMap.shade(1));
  }

  @Test
  void namesFromTheDataAreEscapedEverywhere() {
    RunRecord run = record("r1", List.of("<script>alert(1)</script>", "a&b"), 0.01);
    String html = Report.single(run);
    assertFalse(html.contains("<script"), html);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertTrue(html.contains("a&amp;b"), html);
  }

  @Test
  void theComparisonMarksTheSettingsThatDiffer() {
    String html = Report.compare(List.of(record("slow", List.of("no", "yes"), 0.01),
        record("fast", List.of("no", "yes"), 0.1)));
    assertTrue(html.contains("<tr class=\"differs\"><th>adam lr</th><td>0.01</td><td>0.1</td></tr>"), html);
    assertTrue(html.contains("<tr><th>epochs</th><td>2</td><td>2</td></tr>"), html);
    assertTrue(html.contains("<g class=\"series\" data-name=\"fast validation\">"), html);
    assertTrue(html.contains("stroke-dasharray"), "validation lines are dashed");
  }

  @Test
  void numbersReadAsWritten() {
    assertEquals("1e-8", Report.number(1e-8));
    assertEquals("0.001", Report.number(0.001));
    assertEquals("100", Report.number(100));
    assertEquals("0.999", Report.number(0.999));
    assertEquals("1.5e-7", Report.number(1.5e-7));
  }

  private static RunRecord record(String name, List<String> classes, double lr) {
    Map<String, Double> adam = new LinkedHashMap<>();
    adam.put("lr", lr);
    adam.put("beta1", 0.9);
    RunInfo info = new RunInfo(name, "M", "m.nn", "2026-11-26T14:30:12Z", List.of("train", "m.nn"),
        new RunInfo.Environment("0.1.0", "Java 17", "Linux amd64", "CPU", 2, 512, 2),
        new RunInfo.DataInfo("d.csv", List.of("x"), classes, 8, 2, 2),
        new RunInfo.TrainInfo("cross_entropy", "adam", adam, 2, 4, true, 1, null, null, 0, 0, 0, false),
        List.of(new RunInfo.LayerInfo("input 1", "[1]", 0), new RunInfo.LayerInfo("dense 2 softmax", "[2]", 4)), 4);
    List<EpochRow> epochs = List.of(new EpochRow(1, 0.7, 0.5, 0.0, 0.69, 0.5, lr, 0.1),
        new EpochRow(2, 0.6, 0.75, 0.0, 0.65, 1.0, lr, 0.1));
    Outcome.Evaluated evaluated = new Outcome.Evaluated("test", 2, 0.6, 0.5, 0.5, 0.5, 0.5,
        List.of(new Outcome.ClassScore(classes.get(0), 0.5, 1, 0.67, 1), new Outcome.ClassScore(classes.get(1), 0, 0, 0, 1)),
        new long[][] {{1, 0}, {1, 0}}, null, null, null);
    return new RunRecord(Path.of("runs", name), info, epochs,
        new Outcome(Outcome.COMPLETED, null, 2, 0.2, 0, 0, evaluated, RunDirectory.WEIGHTS), null);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
