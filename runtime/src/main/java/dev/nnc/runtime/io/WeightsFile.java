package dev.nnc.runtime.io;

import dev.nnc.runtime.Network;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * int       state count s         (0 = no state such as BatchNorm running statistics)
 * float[s]  state
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
    try {
      AtomicFile.write(file, stream -> write(data, stream));
    } catch (IOException e) {
      throw new WeightsFileException(file.toString(), "cannot write weights file: " + reason(e), e);
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
   * parameter and state counts, and a scaler for the network's inputs if there is one.
   *
   * @throws WeightsFormatException naming both models' signatures if they differ
   */
  public static void checkCompatible(WeightsData data, Network net, String displayName) {
    checkCompatible(data, net.modelName(), net.signature(), net.fingerprint(), net.parameters().length,
        net.state().length, net.inputSize(), displayName);
  }

  /**
   * As {@link #checkCompatible(WeightsData, Network, String)}, for a model described rather than
   * instantiated (the compiler's exports).
   */
  public static void checkCompatible(WeightsData data, String modelName, String signature, long fingerprint,
      int parameterCount, int stateCount, int inputSize, String displayName) {
    if (data.fingerprint() != fingerprint) {
      if (data.signature().equals(signature)) {
        throw new WeightsFormatException(displayName, "the weights file lays out model '" + modelName
            + "' differently from this version of nnc, which starts each tensor of models with 512 KiB of"
            + " parameters or more on a 64-byte line; train the model again, or export it to ONNX with the"
            + " nnc that wrote the file and import that");
      }
      throw new WeightsFormatException(displayName, "the weights file was trained for model '"
          + data.modelName() + "' (" + data.signature() + ") but this model is '" + modelName
          + "' (" + signature + ")");
    }
    if (data.parameters().length != parameterCount) {
      throw new WeightsFormatException(displayName, "the weights file holds "
          + data.parameters().length + " parameters but model '" + modelName + "' has " + parameterCount);
    }
    if (data.state().length != stateCount) {
      throw new WeightsFormatException(displayName, "the weights file holds " + data.state().length
          + " state values (such as BatchNorm running statistics) but model '" + modelName
          + "' has " + stateCount);
    }
    int scaled = data.scalerMean().length;
    if (scaled != 0 && scaled != inputSize) {
      throw new WeightsFormatException(displayName, "the weights file scales " + scaled
          + " features but model '" + modelName + "' takes " + inputSize);
    }
  }

  /**
   * Loads a weights file, checks it fits {@code net} and copies its parameters and state into it.
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
    out.writeInt(data.state().length);
    for (float value : data.state()) {
      out.writeFloat(value);
    }
    out.writeLong(crc.getValue());
    out.flush();
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
