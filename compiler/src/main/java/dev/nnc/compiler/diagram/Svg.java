package dev.nnc.compiler.diagram;

import java.util.Locale;

/**
 * What every SVG nnc writes needs: text escaped for XML (names and layers come from user files), and
 * coordinates short and stable, so the same picture is always the same bytes. Shared by the
 * architecture diagram and the training report's charts.
 */
public final class Svg {

  private Svg() {}

  /** {@code text} safe inside an XML or HTML element or a quoted attribute. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A coordinate to at most one decimal, without a trailing {@code .0}. */
  public static String coordinate(double value) {
    long tenths = Math.round(value * 10);
    return tenths % 10 == 0 ? Long.toString(tenths / 10) : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
  }
}
