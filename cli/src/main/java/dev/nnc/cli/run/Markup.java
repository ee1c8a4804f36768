package dev.nnc.cli.run;

import java.util.Locale;

/** Escaping and number formatting shared by the report's HTML and SVG. */
final class Markup {

  private Markup() {}

  /** Text made safe for HTML and SVG element content and attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A coordinate with at most one decimal, so the SVG stays small and the bytes stable. */
  static String coordinate(double value) {
    long tenths = Math.round(value * 10);
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
  }

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
