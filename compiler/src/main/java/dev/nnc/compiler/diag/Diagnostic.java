package dev.nnc.compiler.diag;

/**
 * One compiler message about a {@code .nn} file, such as {@code unknown activation 'rleu' (did you mean
 * 'relu'?)}.
 */
public record Diagnostic(Severity severity, Position position, String message) {

  /** How bad a diagnostic is. */
  public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * {@code text} with every character that would break a line or not show up in a terminal (controls,
   * line and paragraph separators, bidirectional and other format characters, unpaired surrogates,
   * spaces other than ' ') written as a Java-style {@code \\uXXXX} escape.
   */
  public static String visible(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
      int type = Character.getType(c);
      boolean hidden = Character.isISOControl(c)
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
          || (type == Character.SPACE_SEPARATOR && c != ' ')
          || (type == Character.SURROGATE && !paired);
      if (hidden && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        if (hidden) {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  public static Diagnostic error(Position position, String message) {
    return new Diagnostic(Severity.ERROR, position, message);
  }

  public static Diagnostic warning(Position position, String message) {
    return new Diagnostic(Severity.WARNING, position, message);
  }

  /**
   * Renders the diagnostic as compilers do: {@code file:line:col: error: message}, then the source line
   * and a caret under the offending text.
   */
  public String format(SourceFile source) {
    StringBuilder out = new StringBuilder(visible(source.displayName()));
    if (position.isKnown()) {
      out.append(':').append(position.line()).append(':').append(position.column());
    }
    // Names and strings from the file may hold line breaks or invisible characters; the headline stays one line.
    out.append(": ").append(severity.label()).append(": ").append(visible(message));
    if (position.isKnown()) {
      String line = source.line(position.line());
      if (!line.isBlank()) {
        out.append('\n').append(line).append('\n');
        // Columns count code points (as the lexer does), so a character outside the BMP before the
        // caret takes one space, not two. Keep tabs so the caret lines up under the same characters.
        int[] codePoints = line.codePoints().toArray();
        for (int i = 0; i < position.column() - 1 && i < codePoints.length; i++) {
          out.append(codePoints[i] == '\t' ? '\t' : ' ');
        }
        out.append('^');
        out.append("~".repeat(Math.max(0, Math.min(position.length(), codePoints.length - position.column() + 1) - 1)));
      }
    }
    return out.toString();
  }
}
