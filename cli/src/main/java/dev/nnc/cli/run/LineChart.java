package dev.nnc.cli.run;

import dev.nnc.compiler.diagram.Svg;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart of per-epoch values as inline SVG: epochs along x, nicely rounded ticks on both axes, a
 * legend, and a marker with a tooltip on every point while there are few enough to hover. Missing
 * values (null or NaN) break the line rather than drop to zero.
 */
final class LineChart {

  private static final int WIDTH = 480;
  private static final int HEIGHT = 280;
  /** Room left of the frame for the axis label; the tick labels' width is added per chart. */
  private static final int AXIS_LABEL_ROOM = 30;
  private static final int RIGHT = 16;
  private static final int TOP = 36;
  private static final int BOTTOM = 44;
  /** Above this many points in all series together, markers would be clutter. */
  private static final int MAX_MARKERS = 100;

  /** One line: {@code values[i]} belongs to epoch {@code i + 1}. */
  record Series(String name, String color, boolean dashed, Double[] values) {}

  private final String id;
  private final String title;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private boolean legend = true;

  LineChart(String id, String title, String yLabel) {
    this.id = id;
    this.title = title;
    this.yLabel = yLabel;
  }

  /** Leaves the legend out, for pages that explain the colours once for all their charts. */
  LineChart withoutLegend() {
    legend = false;
    return this;
  }

  LineChart add(Series line) {
    series.add(line);
    return this;
  }

  /** Whether any series has a value to draw. */
  boolean hasData() {
    return series.stream().anyMatch(s -> java.util.Arrays.stream(s.values()).anyMatch(LineChart::present));
  }

  String svg() {
    int epochs = series.stream().mapToInt(s -> s.values().length).max().orElse(0);
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (Double v : s.values()) {
        if (present(v)) {
          low = Math.min(low, v);
          high = Math.max(high, v);
        }
      }
    }
    if (low > high) {
      low = 0;
      high = 1;
    }
    // a little room above and below, so points at the extremes (an accuracy of 1) clear the frame
    double pad = (high - low) * 0.03;
    Ticks y = Ticks.covering(low >= 0 ? Math.max(0, low - pad) : low - pad, high + pad, 5);
    Ticks x = epochs <= 1 ? new Ticks(0, 2, 1) : Ticks.integers(1, epochs, 8);
    int longestTick = y.values().stream().mapToInt(v -> y.label(v).length()).max().orElse(1);
    int left = AXIS_LABEL_ROOM + (int) Math.ceil(7 * longestTick);
    Plot plot = new Plot(left, x.low(), x.high(), y.low(), y.high());

    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\""
            + " height=\"%d\" role=\"img\" aria-label=\"%s\">%n",
        Svg.escape(id), WIDTH, HEIGHT, WIDTH, HEIGHT, Svg.escape(title)));
    out.append("<title>").append(Svg.escape(title)).append("</title>\n");
    out.append(String.format(Locale.ROOT, "<text class=\"chart-title\" x=\"%d\" y=\"20\">%s</text>%n", left,
        Svg.escape(title)));
    gridAndAxes(out, plot, x, y);
    int points = series.stream().mapToInt(s -> s.values().length).sum();
    for (Series s : series) {
      line(out, plot, s, points <= MAX_MARKERS);
    }
    if (legend) {
      legend(out);
    }
    out.append("</svg>\n");
    return out.toString();
  }

  private void gridAndAxes(StringBuilder out, Plot plot, Ticks x, Ticks y) {
    int left = plot.left();
    out.append("<g class=\"grid\">\n");
    for (double v : y.values()) {
      String py = Svg.coordinate(plot.y(v));
      out.append("<line x1=\"").append(left).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
          .append(py).append("\" y2=\"").append(py).append("\"/>\n");
      out.append("<text class=\"tick\" x=\"").append(left - 6).append("\" y=\"").append(py)
          .append("\" text-anchor=\"end\" dominant-baseline=\"middle\">").append(y.label(v)).append("</text>\n");
    }
    for (double v : x.values()) {
      String px = Svg.coordinate(plot.x(v));
      out.append("<text class=\"tick\" x=\"").append(px).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
          .append("\" text-anchor=\"middle\">").append(x.label(v)).append("</text>\n");
    }
    out.append("</g>\n");
    out.append(String.format(Locale.ROOT,
        "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>%n", left, TOP,
        WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM));
    out.append(String.format(Locale.ROOT,
        "<text class=\"axis-label\" x=\"%s\" y=\"%d\" text-anchor=\"middle\">epoch</text>%n",
        Svg.coordinate(left + (WIDTH - left - RIGHT) / 2.0), HEIGHT - 8));
    out.append(String.format(Locale.ROOT,
        "<text class=\"axis-label\" transform=\"translate(14 %s) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
        Svg.coordinate(TOP + (HEIGHT - TOP - BOTTOM) / 2.0), Svg.escape(yLabel)));
  }

  private static void line(StringBuilder out, Plot plot, Series s, boolean markers) {
    out.append("<g class=\"series\" data-name=\"").append(Svg.escape(s.name())).append("\">\n");
    StringBuilder points = new StringBuilder();
    Double[] values = s.values();
    for (int i = 0; i <= values.length; i++) {
      if (i < values.length && present(values[i])) {
        points.append(points.length() == 0 ? "" : " ").append(Svg.coordinate(plot.x(i + 1))).append(',')
            .append(Svg.coordinate(plot.y(values[i])));
      } else if (points.length() > 0) {
        // a gap (or the end): draw the stretch so far
        out.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"2\"")
            .append(s.dashed() ? " stroke-dasharray=\"6 4\"" : "").append(" points=\"").append(points)
            .append("\"/>\n");
        points.setLength(0);
      }
    }
    if (markers) {
      for (int i = 0; i < values.length; i++) {
        if (present(values[i])) {
          out.append("<circle cx=\"").append(Svg.coordinate(plot.x(i + 1))).append("\" cy=\"")
              .append(Svg.coordinate(plot.y(values[i]))).append("\" r=\"3\" fill=\"").append(s.color())
              .append("\"><title>").append(Svg.escape(s.name())).append(", epoch ").append(i + 1).append(": ")
              .append(Markup.metric(values[i])).append("</title></circle>\n");
        }
      }
    }
    out.append("</g>\n");
  }

  private void legend(StringBuilder out) {
    out.append("<g class=\"legend\">\n");
    double x = WIDTH - RIGHT;
    // right-aligned, laid out from the last entry backwards so the legend ends at the frame's edge
    List<String> entries = new ArrayList<>();
    for (int i = series.size() - 1; i >= 0; i--) {
      Series s = series.get(i);
      double width = 26 + 6.5 * s.name().length();
      x -= width;
      entries.add(0, String.format(Locale.ROOT,
          "<line x1=\"%s\" x2=\"%s\" y1=\"16\" y2=\"16\" stroke=\"%s\" stroke-width=\"2\"%s/>"
              + "<text x=\"%s\" y=\"20\">%s</text>%n",
          Svg.coordinate(x), Svg.coordinate(x + 16), s.color(), s.dashed() ? " stroke-dasharray=\"6 4\"" : "",
          Svg.coordinate(x + 20), Svg.escape(s.name())));
      x -= 8;
    }
    entries.forEach(out::append);
    out.append("</g>\n");
  }

  static boolean present(Double value) {
    return value != null && !value.isNaN() && !value.isInfinite();
  }

  /** Maps data coordinates into the plot's frame. */
  private record Plot(int left, double xLow, double xHigh, double yLow, double yHigh) {
    double x(double value) {
      return left + (value - xLow) / (xHigh - xLow) * (WIDTH - left - RIGHT);
    }

    double y(double value) {
      return HEIGHT - BOTTOM - (value - yLow) / (yHigh - yLow) * (HEIGHT - TOP - BOTTOM);
    }
  }

  /** Axis ticks at round numbers (1, 2 or 5 times a power of ten) from {@code low} to {@code high}. */
  record Ticks(double low, double high, double step) {

    static Ticks covering(double min, double max, int count) {
      if (max - min < 1e-12 * Math.max(1, Math.abs(max))) {
        double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
        min -= pad;
        max += pad;
      }
      double step = roundStep((max - min) / count);
      return new Ticks(Math.floor(min / step) * step, Math.ceil(max / step) * step, step);
    }

    /** Integer ticks (epochs): the axis spans exactly first..last. */
    static Ticks integers(int first, int last, int count) {
      double step = Math.max(1, roundStep((last - first) / (double) count));
      return new Ticks(first, last, step);
    }

    private static double roundStep(double raw) {
      double power = Math.pow(10, Math.floor(Math.log10(raw)));
      double fraction = raw / power;
      return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }

    List<Double> values() {
      List<Double> values = new ArrayList<>();
      double start = Math.ceil(low / step - 1e-9) * step;
      for (int i = 0; ; i++) {
        double v = start + i * step;
        if (v > high + step * 1e-9) {
          return values;
        }
        values.add(Math.abs(v) < step * 1e-9 ? 0 : v);
      }
    }

    String label(double value) {
      if (step >= 1 && Math.abs(value) < 1e6) {
        return Long.toString(Math.round(value));
      }
      // as many decimals as the step needs (0.00095, 0.00100, 0.00105), exponents only for tiny steps
      int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
      if (decimals <= 8) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
      }
      return String.format(Locale.ROOT, "%.2e", value);
    }
  }
}
