package dev.nnc.maven.generation;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the generator writes files and reports problems: an IDE's incremental build context (so the
 * IDE sees new files and puts markers on {@code .nn} files), or plain files on the command line.
 */
public interface Workspace {

  OutputStream newFileOutputStream(Path file) throws IOException;

  /** Tells the IDE that {@code file} changed or was deleted outside {@link #newFileOutputStream}. */
  void refresh(Path file);

  /** Clears the problems earlier builds reported on {@code file}. */
  void removeMessages(Path file);

  /** Reports a problem at a 1-based line and column of {@code file} (0 when unknown). */
  void addError(Path file, int line, int column, String message);

  /** Plain files and no markers: for tests and tools. */
  static Workspace files() {
    return new Workspace() {
      @Override
      public OutputStream newFileOutputStream(Path file) throws IOException {
        return Files.newOutputStream(file);
      }

      @Override
      public void refresh(Path file) {}

      @Override
      public void removeMessages(Path file) {}

      @Override
      public void addError(Path file, int line, int column, String message) {}
    };
  }
}
