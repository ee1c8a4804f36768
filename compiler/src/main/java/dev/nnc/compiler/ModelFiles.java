package dev.nnc.compiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The {@code .nn} files of a folder, for the tests that go over every model in models/. */
public final class ModelFiles {

  private ModelFiles() {}

  /** Every {@code .nn} file under {@code folder}, in a stable order. */
  public static List<Path> in(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(p -> p.toString().endsWith(".nn") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
