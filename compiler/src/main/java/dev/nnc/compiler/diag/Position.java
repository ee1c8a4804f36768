package dev.nnc.compiler.diag;

/**
 * A place in a source file: 1-based line, 1-based column, and how many characters the construct spans
 * (for the caret line).
 */
public record Position(int line, int column, int length) {

  /** Where nothing more precise is known. */
  public static final Position UNKNOWN = new Position(0, 0, 0);

  public boolean isKnown() {
    return line > 0;
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
