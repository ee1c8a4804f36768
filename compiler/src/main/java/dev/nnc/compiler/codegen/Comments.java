package dev.nnc.compiler.codegen;

/** Makes text from a {@code .nn} file safe to place inside a Java comment. */
final class Comments {

  private Comments() {}

  /**
   * Keeps letters, digits and a few punctuation marks; anything else (which could end a comment,
   * start a unicode escape or break a line) becomes '_'.
   */
  static String safe(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      out.append((c < 128 && (Character.isLetterOrDigit(c) || "._-+:,[] ".indexOf(c) >= 0)) ? c : '_');
    }
    return out.toString();
  }
}
