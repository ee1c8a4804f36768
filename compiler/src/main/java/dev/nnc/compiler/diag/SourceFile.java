package dev.nnc.compiler.diag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The text of a {@code .nn} file and where it came from.
 *
 * @param path the file on disk, used to resolve relative data paths (may be null for in-memory text)
 * @param displayName how diagnostics name the file, e.g. {@code student.nn}
 * @param text the whole file
 */
public record SourceFile(Path path, String displayName, String text) {

  /** Reads a file; the display name is the path as the user gave it. */
  public static SourceFile read(Path path) throws IOException {
    return new SourceFile(path, path.toString(), Files.readString(path, StandardCharsets.UTF_8));
  }

  /** Text that did not come from a file (tests, tools). */
  public static SourceFile of(String displayName, String text) {
    return new SourceFile(null, displayName, text);
  }

  /** The 1-based line {@code line} without its line terminator, or "" past the end. */
  public String line(int line) {
    List<String> lines = text.lines().toList();
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
  }

  /** The directory that relative paths in the file are resolved against. */
  public Path directory() {
    Path parent = path == null ? null : path.toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }
}
