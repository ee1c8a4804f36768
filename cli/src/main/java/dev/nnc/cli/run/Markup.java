package dev.nnc.cli.run;

import java.util.Locale;

/** How the report shows a metric; escaping and coordinates come from {@link dev.nnc.compiler.diagram.Svg}. */
final class Markup {

  private Markup() {}

  /** A metric for people: four significant digits, or a dash when it does not apply. */
  static String metric(Double value) {
    if (value == null || value.isNaN()) {
      return "–";
    }
    double magnitude = Math.abs(value);
    if (magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5)) {
      return String.format(Locale.ROOT, "%.3e", value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
