package dev.nnc.cli.run;

import dev.nnc.compiler.diagram.Svg;
import java.util.List;
import java.util.Locale;

/**
 * The confusion matrix as an SVG heat map: actual classes down, predicted classes across, each cell
 * shaded by the share of its actual class it holds (so a small class's mistakes show as clearly as a
 * large one's) and labelled with its count.
 */
final class ConfusionHeatMap {

  private ConfusionHeatMap() {}

  static String svg(String id, long[][] counts, List<String> classNames) {
    int classes = counts.length;
    int longest = classNames.stream().mapToInt(String::length).max().orElse(1);
    int cell = classes <= 4 ? 64 : classes <= 10 ? 48 : 28;
    double labelWidth = Math.min(160, 12 + 7 * longest);
    double left = labelWidth + 24;
    double top = labelWidth + 24;
    double width = left + classes * cell + 12;
    double height = top + classes * cell + 12;

    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" id=\"%s\" viewBox=\"0 0 %s %s\" width=\"%s\""
            + " height=\"%s\" role=\"img\" aria-label=\"Confusion matrix\">%n",
        Svg.escape(id), Svg.coordinate(width), Svg.coordinate(height), Svg.coordinate(width),
        Svg.coordinate(height)));
    out.append("<title>Confusion matrix: rows are actual classes, columns predicted classes</title>\n");
    out.append(String.format(Locale.ROOT,
        "<text class=\"axis-label\" x=\"%s\" y=\"14\" text-anchor=\"middle\">predicted</text>%n",
        Svg.coordinate(left + classes * cell / 2.0)));
    out.append(String.format(Locale.ROOT,
        "<text class=\"axis-label\" transform=\"translate(12 %s) rotate(-90)\" text-anchor=\"middle\">actual</text>%n",
        Svg.coordinate(top + classes * cell / 2.0)));
    for (int c = 0; c < classes; c++) {
      String name = Svg.escape(shorten(classNames.get(c)));
      out.append(String.format(Locale.ROOT,
          "<text class=\"tick\" x=\"%s\" y=\"%s\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>%n",
          Svg.coordinate(left - 6), Svg.coordinate(top + (c + 0.5) * cell), name));
      out.append(String.format(Locale.ROOT,
          "<text class=\"tick\" transform=\"translate(%s %s) rotate(-60)\" text-anchor=\"start\">%s</text>%n",
          Svg.coordinate(left + (c + 0.5) * cell), Svg.coordinate(top - 6), name));
    }
    for (int actual = 0; actual < classes; actual++) {
      long total = 0;
      for (long count : counts[actual]) {
        total += count;
      }
      for (int predicted = 0; predicted < classes; predicted++) {
        long count = counts[actual][predicted];
        double share = total == 0 ? 0 : (double) count / total;
        double x = left + predicted * cell;
        double y = top + actual * cell;
        out.append(String.format(Locale.ROOT,
            "<g class=\"cell\"><rect x=\"%s\" y=\"%s\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                + "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"%s\">%d</text>"
                + "<title>actual %s, predicted %s: %d (%.1f%% of %s)</title></g>%n",
            Svg.coordinate(x), Svg.coordinate(y), cell, cell, shade(share),
            Svg.coordinate(x + cell / 2.0), Svg.coordinate(y + cell / 2.0), share > 0.55 ? "#fff" : "#222",
            count, Svg.escape(classNames.get(actual)), Svg.escape(classNames.get(predicted)), count,
            100 * share, Svg.escape(classNames.get(actual))));
      }
    }
    out.append("</svg>\n");
    return out.toString();
  }

  /** White for 0, deepening to the report's blue (#2f5d8a) for 1. */
  static String shade(double share) {
    int r = (int) Math.round(255 + (0x2f - 255) * share);
    int g = (int) Math.round(255 + (0x5d - 255) * share);
    int b = (int) Math.round(255 + (0x8a - 255) * share);
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  private static String shorten(String name) {
    return name.length() <= 20 ? name : name.substring(0, 19) + "…";
  }
}
