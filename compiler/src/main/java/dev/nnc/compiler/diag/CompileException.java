package dev.nnc.compiler.diag;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a {@code .nn} file has errors; carries every diagnostic found. */
public final class CompileException extends Exception {

  private final SourceFile source;
  private final List<Diagnostic> diagnostics;

  public CompileException(SourceFile source, List<Diagnostic> diagnostics) {
    super(diagnostics.isEmpty() ? "compilation failed" : diagnostics.get(0).message());
    this.source = source;
    this.diagnostics = List.copyOf(diagnostics);
  }

  public SourceFile source() {
    return source;
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** Every diagnostic rendered with its source line and caret, separated by newlines. */
  public String render() {
    return diagnostics.stream().map(d -> d.format(source)).collect(Collectors.joining("\n"));
  }
}
