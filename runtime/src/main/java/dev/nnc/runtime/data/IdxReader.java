package dev.nnc.runtime.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed (recognized by
 * the gzip magic bytes 0x1f 0x8b, whatever the file name).
 *
 * <p>An IDX file starts with the magic bytes {@code 0x00 0x00 type dims}, then {@code dims} big-endian
 * 32-bit sizes, then the values row-major. Only the unsigned-byte type {@code 0x08} is read, as every
 * MNIST-style data set uses. Errors are {@link DataException}s naming the file.
 */
public final class IdxReader {

  private static final int UNSIGNED_BYTE = 0x08;
  private static final int CHUNK = 1 << 16;

  private IdxReader() {}

  /**
   * Reads a file of images (3 dimensions: count, rows, columns), e.g.
   * {@code t10k-images-idx3-ubyte.gz}.
   *
   * @throws DataException if the file is missing, not an IDX file of that shape, truncated, or longer
   *     than its header says
   */
  public static IdxImages readImages(Path file) {
    Idx idx = read(file, 3, "images");
    return new IdxImages(idx.dimensions[0], idx.dimensions[1], idx.dimensions[2], idx.values);
  }

  /**
   * Reads a file of labels (1 dimension), e.g. {@code t10k-labels-idx1-ubyte.gz}: one class index
   * from 0 to 255 per sample, as floats.
   *
   * @throws DataException as {@link #readImages}
   */
  public static float[] readLabels(Path file) {
    return read(file, 1, "labels").values;
  }

  /**
   * Reads an images file and its labels file as a dataset: one row of {@code rows * columns} pixel
   * features (named {@code pixel_0}, {@code pixel_1}, ...) per image, its label the target.
   *
   * @param classNames the class names by label, or empty to name the classes "0" to the largest label
   * @throws DataException if either file cannot be read, their counts differ, or a label has no class
   */
  public static Dataset readDataset(Path images, Path labels, List<String> classNames) {
    IdxImages pixels = readImages(images);
    float[] targets = readLabels(labels);
    if (targets.length != pixels.count()) {
      throw DataException.at(labels.toString(), "it holds " + targets.length + " labels but "
          + images + " holds " + pixels.count() + " images");
    }
    List<String> names = classNames;
    if (names.isEmpty()) {
      int largest = 0;
      for (float label : targets) {
        largest = Math.max(largest, (int) label);
      }
      names = new ArrayList<>();
      for (int k = 0; k <= largest; k++) {
        names.add(String.valueOf(k));
      }
    }
    for (int i = 0; i < targets.length; i++) {
      if (targets[i] >= names.size()) {
        throw DataException.at(labels.toString(), "label " + (int) targets[i] + " of sample " + i
            + " is outside the " + names.size() + " classes");
      }
    }
    List<String> featureNames = new ArrayList<>(pixels.pixelsPerImage());
    for (int p = 0; p < pixels.pixelsPerImage(); p++) {
      featureNames.add("pixel_" + p);
    }
    return new Dataset(pixels.pixels(), targets, pixels.count(), pixels.pixelsPerImage(), 1,
        featureNames, names);
  }

  /** An IDX file's sizes and values. */
  private record Idx(int[] dimensions, float[] values) {}

  private static Idx read(Path file, int expectedDimensions, String what) {
    String name = file.toString();
    try (InputStream in = open(file)) {
      DataInputStream data = new DataInputStream(in);
      int[] header = new int[4];
      for (int i = 0; i < 4; i++) {
        header[i] = in.read();
        if (header[i] < 0) {
          throw DataException.at(name, "truncated IDX file: it ends inside its 4 magic bytes");
        }
      }
      if (header[0] != 0 || header[1] != 0) {
        throw DataException.at(name, String.format(Locale.ROOT,
            "not an IDX file: it starts with 0x%02x 0x%02x, not 0x00 0x00", header[0], header[1]));
      }
      if (header[2] != UNSIGNED_BYTE) {
        throw DataException.at(name, String.format(Locale.ROOT,
            "unsupported IDX data type 0x%02x (%s); nnc reads unsigned bytes (0x08)", header[2],
            typeName(header[2])));
      }
      if (header[3] != expectedDimensions) {
        throw DataException.at(name, "expected an IDX file of " + what + " with " + expectedDimensions
            + (expectedDimensions == 1 ? " dimension" : " dimensions") + ", but it has " + header[3]);
      }
      int[] dimensions = new int[expectedDimensions];
      long total = 1;
      for (int d = 0; d < expectedDimensions; d++) {
        long size = Integer.toUnsignedLong(data.readInt());
        if (size > Integer.MAX_VALUE) {
          throw DataException.at(name, "IDX dimension " + (d + 1) + " is " + size + ", too large");
        }
        dimensions[d] = (int) size;
        total *= size;
      }
      if (total > Integer.MAX_VALUE - 8) {
        throw DataException.at(name, "the IDX file declares " + total + " values, too many to load");
      }
      float[] values = readUnsignedBytes(in, (int) total, name);
      checkEnd(in, dimensions, name);
      return new Idx(dimensions, values);
    } catch (EOFException e) {
      throw DataException.at(name, "truncated IDX file: it ends inside its header");
    } catch (NoSuchFileException e) {
      throw DataException.at(name, "cannot read IDX file: no such file");
    } catch (AccessDeniedException e) {
      throw DataException.at(name, "cannot read IDX file: permission denied");
    } catch (ZipException e) {
      throw DataException.at(name, "corrupted gzip data: " + e.getMessage());
    } catch (IOException e) {
      throw DataException.at(name, "cannot read IDX file: " + e.getMessage());
    }
  }

  /** Opens the file, decompressing when it starts with gzip's magic bytes. */
  private static InputStream open(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("it is a directory");
    }
    BufferedInputStream buffered = new BufferedInputStream(Files.newInputStream(file), CHUNK);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    if (first == 0x1f && second == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(buffered, CHUNK), CHUNK);
    }
    return buffered;
  }

  private static float[] readUnsignedBytes(InputStream in, int count, String name) throws IOException {
    float[] values = new float[count];
    byte[] chunk = new byte[CHUNK];
    int done = 0;
    while (done < count) {
      int read;
      try {
        read = in.read(chunk, 0, Math.min(CHUNK, count - done));
      } catch (EOFException e) {
        read = -1; // a gzip stream cut short
      }
      if (read < 0) {
        throw DataException.at(name, "truncated IDX file: it holds " + done + " of the " + count
            + " values its header declares");
      }
      for (int i = 0; i < read; i++) {
        values[done + i] = chunk[i] & 0xFF;
      }
      done += read;
    }
    return values;
  }

  /** Fails if data follows the declared values, or a gzip stream lacks its trailer. */
  private static void checkEnd(InputStream in, int[] dimensions, String name) throws IOException {
    int next;
    try {
      next = in.read();
    } catch (EOFException e) {
      throw DataException.at(name, "truncated gzip data: the file ends before the gzip trailer");
    }
    if (next != -1) {
      throw DataException.at(name, "the IDX file holds more bytes than its header declares ("
          + shape(dimensions) + ")");
    }
  }

  private static String shape(int[] dimensions) {
    StringBuilder text = new StringBuilder();
    for (int d = 0; d < dimensions.length; d++) {
      text.append(d == 0 ? "" : " x ").append(dimensions[d]);
    }
    return text.toString();
  }

  private static String typeName(int type) {
    return switch (type) {
      case 0x09 -> "signed byte";
      case 0x0B -> "short";
      case 0x0C -> "int";
      case 0x0D -> "float";
      case 0x0E -> "double";
      default -> "unknown";
    };
  }
}
