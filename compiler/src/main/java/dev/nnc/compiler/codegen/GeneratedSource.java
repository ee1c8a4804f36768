package dev.nnc.compiler.codegen;

/**
 * A generated Java compilation unit.
 *
 * @param className the fully qualified name of its top-level class
 * @param source the formatted source text
 */
public record GeneratedSource(String className, String source) {

  /** The file path of the source relative to a source root, e.g. {@code dev/nnc/models/Student.java}. */
  public String relativePath() {
    return className.replace('.', '/') + ".java";
  }
}
