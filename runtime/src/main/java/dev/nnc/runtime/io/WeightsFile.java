package dev.nnc.runtime.io;

import dev.nnc.runtime.Network;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Reads and writes {@code .nnw} weights files.
 *
 * <p>Layout, big-endian as written by {@link DataOutputStream}:
 *
 * <pre>
 * bytes[4]  magic "NNCW"
 * int       format version (1)
 * long      model fingerprint
 * UTF       model name            (DataOutputStream.writeUTF: u2 length + modified UTF-8)
 * UTF       model signature
 * int       scaled feature count n (0 = no scaler)
 * float[n]  scaler means
 * float[n]  scaler scales
 * int       parameter count p
 * float[p]  parameters
 * long      CRC-32 of every preceding byte
 * </pre>
 *
 * <p>Saving writes a temporary file next to the target, forces it to disk and renames it over the
 * target in one atomic step, so a crash leaves either the old file or the new one, never half of one.
 */
public final class WeightsFile {

  /** The format version this code writes and reads. */
  public static final int VERSION = 1;

  static final byte[] MAGIC = {'N', 'N', 'C', 'W'};

  private WeightsFile() {}

  /**
   * Fails unless {@link #save} may write {@code file}: it must not be a directory, and an existing file
   * must be an nnc weights file, so a mistyped path never replaces a model, its data or anything else.
   * Callers check before a long training run, not after it.
   *
   * @throws WeightsFileException naming the file and the reason
   */
  public static void checkReplaceable(Path file) {
    String displayName = file.toString();
    if (Files.isDirectory(file)) {
      throw new WeightsFileException(displayName, "cannot write weights file: it is a directory");
    }
    if (!Files.isRegularFile(file)) {
      return;
    }
    byte[] head = new byte[MAGIC.length];
    int read;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new WeightsFileException(displayName, "cannot read the existing file: " + e.getMessage());
    }
    if (read > 0 && !java.util.Arrays.equals(head, MAGIC)) {
      throw new WeightsFileException(displayName,
          "refusing to overwrite a file that is not an nnc weights file; choose another path with -o");
    }
  }

  /**
   * Writes {@code data} to {@code file} atomically, creating missing parent directories.
   *
   * @throws WeightsFileException if the file cannot be written; an existing file is then unchanged
   */
  public static void save(Path file, WeightsData data) {
    String displayName = file.toString();
    Path target = file.toAbsolutePath();
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    boolean temporaryCreated = false;
    try {
      Files.createDirectories(target.getParent());
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        temporaryCreated = true;
        OutputStream stream = new BufferedOutputStream(Channels.newOutputStream(channel));
        write(data, stream);
        stream.flush();
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      temporaryCreated = false;
      syncDirectory(target.getParent());
    } catch (IOException e) {
      throw new WeightsFileException(displayName, "cannot write weights file: " + reason(e), e);
    } finally {
      if (temporaryCreated) {
        deleteQuietly(temporary);
      }
    }
  }

  /**
   * Reads and validates a weights file.
   *
   * @param displayName how error messages name the file
   * @throws WeightsFormatException if the file is missing or unreadable, does not start with the
   *     magic bytes, has another version, is truncated, or fails its checksum
   */
  public static WeightsData load(Path file, String displayName) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new WeightsFormatException(displayName, "cannot read weights file: it is a directory");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new WeightsFormatException(displayName, "cannot read weights file: " + reason(e));
    }
    return new WeightsParser(bytes, displayName).parse();
  }

  /**
   * Checks that weights fit a network: same fingerprint (hence the same layers and shapes), same
   * parameter count, and a scaler for the network's inputs if there is one.
   *
   * @throws WeightsFormatException naming both models' signatures if they differ
   */
  public static void checkCompatible(WeightsData data, Network net, String displayName) {
    if (data.fingerprint() != net.fingerprint()) {
      throw new WeightsFormatException(displayName, "the weights file was trained for model '"
          + data.modelName() + "' (" + data.signature() + ") but this model is '" + net.modelName()
          + "' (" + net.signature() + ")");
    }
    if (data.parameters().length != net.parameters().length) {
      throw new WeightsFormatException(displayName, "the weights file holds "
          + data.parameters().length + " parameters but model '" + net.modelName() + "' has "
          + net.parameters().length);
    }
    int scaled = data.scalerMean().length;
    if (scaled != 0 && scaled != net.inputSize()) {
      throw new WeightsFormatException(displayName, "the weights file scales " + scaled
          + " features but model '" + net.modelName() + "' takes " + net.inputSize());
    }
  }

  /**
   * Loads a weights file, checks it fits {@code net} and copies its parameters into it.
   *
   * @return the file's contents, for the scaler
   */
  public static WeightsData loadInto(Network net, Path file, String displayName) {
    WeightsData data = load(file, displayName);
    checkCompatible(data, net, displayName);
    data.copyParametersInto(net);
    return data;
  }

  private static void write(WeightsData data, OutputStream stream) throws IOException {
    CRC32 crc = new CRC32();
    DataOutputStream out = new DataOutputStream(new CheckedOutputStream(stream, crc));
    out.write(MAGIC);
    out.writeInt(VERSION);
    out.writeLong(data.fingerprint());
    out.writeUTF(data.modelName());
    out.writeUTF(data.signature());
    out.writeInt(data.scalerMean().length);
    for (float value : data.scalerMean()) {
      out.writeFloat(value);
    }
    for (float value : data.scalerScale()) {
      out.writeFloat(value);
    }
    out.writeInt(data.parameters().length);
    for (float value : data.parameters()) {
      out.writeFloat(value);
    }
    out.writeLong(crc.getValue());
    out.flush();
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

  /** A short reason for an I/O failure, without Java class names. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      // createDirectories met a file where a directory must go
      return e.getMessage() + " is a file, not a directory";
    }
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
