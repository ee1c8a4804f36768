package dev.nnc.runtime.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file in one atomic step: writes a temporary file next to the target, forces it to disk
 * and renames it over the target, so a crash leaves either the old file or the new one, never half of
 * one.
 */
public final class AtomicFile {

  /** Writes a file's contents. */
  @FunctionalInterface
  interface Contents {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /**
   * Writes {@code bytes} to {@code file} atomically, creating missing parent directories.
   *
   * @throws IOException if anything fails; an existing file is then unchanged
   */
  public static void write(Path file, byte[] bytes) throws IOException {
    write(file, stream -> stream.write(bytes));
  }

  /**
   * Writes {@code file} atomically, creating missing parent directories.
   *
   * @throws IOException if anything fails; an existing file is then unchanged
   */
  static void write(Path file, Contents contents) throws IOException {
    Path target = file.toAbsolutePath();
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    boolean temporaryCreated = false;
    try {
      Files.createDirectories(target.getParent());
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        temporaryCreated = true;
        OutputStream stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        contents.writeTo(stream);
        stream.flush();
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      temporaryCreated = false;
      syncDirectory(target.getParent());
    } finally {
      if (temporaryCreated) {
        deleteQuietly(temporary);
      }
    }
  }

  /** Makes the rename durable where the platform allows it; not all file systems do. */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // The file itself is already on disk; only the directory entry's durability is at stake.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Leaving a stray .tmp file behind is harmless: the next save overwrites it.
    }
  }
}
