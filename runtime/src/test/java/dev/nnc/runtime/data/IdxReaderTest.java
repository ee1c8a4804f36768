package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir
  Path directory;

  /** An IDX file: magic 0 0 type dims, big-endian sizes, then the bytes. */
  private static byte[] idx(int type, int[] sizes, int... values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {0, 0, (byte) type, (byte) sizes.length});
    for (int size : sizes) {
      out.writeInt(size);
    }
    for (int value : values) {
      out.writeByte(value);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(plain);
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = directory.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  /** Two 2x3 images: 0..5 and 250..255. */
  private static byte[] images() throws IOException {
    return idx(0x08, new int[] {2, 2, 3}, 0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255);
  }

  private static byte[] labels(int... labels) throws IOException {
    return idx(0x08, new int[] {labels.length}, labels);
  }

  @Test
  void readsPlainImagesAsUnsignedBytes() throws IOException {
    IdxImages images = IdxReader.readImages(write("images-idx3-ubyte", images()));
    assertEquals(2, images.count());
    assertEquals(2, images.rows());
    assertEquals(3, images.columns());
    assertEquals(6, images.pixelsPerImage());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}, images.pixels());
  }

  @Test
  void readsGzippedFilesWhateverTheirName() throws IOException {
    IdxImages images = IdxReader.readImages(write("images.bin", gzip(images())));
    assertEquals(255f, images.pixels()[11]);
    assertArrayEquals(new float[] {7, 0, 9},
        IdxReader.readLabels(write("labels-idx1-ubyte.gz", gzip(labels(7, 0, 9)))));
  }

  @Test
  void readsADatasetOfPixelsAndLabels() throws IOException {
    Dataset data = IdxReader.readDataset(write("i", images()), write("l", gzip(labels(1, 3))),
        List.of());
    assertEquals(2, data.rows());
    assertEquals(6, data.featureCount());
    assertEquals(1, data.targetWidth());
    assertEquals("pixel_5", data.featureNames().get(5));
    assertEquals(List.of("0", "1", "2", "3"), data.classNames());
    assertArrayEquals(new float[] {1, 3}, data.targets());
    assertEquals(250f, data.features()[6]);
    List<String> named = List.of("a", "b", "c", "d", "e");
    assertEquals(named, IdxReader.readDataset(write("i", images()), write("l", labels(1, 3)), named)
        .classNames());
  }

  @Test
  void countsThatDifferAndLabelsWithoutAClassAreNamed() throws IOException {
    Path images = write("images", images());
    Path three = write("three", labels(0, 1, 2));
    assertEquals(three + ": error: it holds 3 labels but " + images + " holds 2 images",
        assertThrows(DataException.class, () -> IdxReader.readDataset(images, three, List.of()))
            .getMessage());
    Path high = write("high", labels(0, 2));
    assertEquals(high + ": error: label 2 of sample 1 is outside the 2 classes",
        assertThrows(DataException.class,
            () -> IdxReader.readDataset(images, high, List.of("x", "y"))).getMessage());
  }

  private String message(Path file) {
    return assertThrows(DataException.class, () -> IdxReader.readImages(file)).getMessage();
  }

  @Test
  void aMissingFileOrAnotherFormatIsNamed() throws IOException {
    Path missing = directory.resolve("none.gz");
    assertEquals(missing + ": error: cannot read IDX file: no such file", message(missing));
    Path csv = write("data.csv", "a,b\n".getBytes());
    assertEquals(csv + ": error: not an IDX file: it starts with 0x61 0x2c, not 0x00 0x00", message(csv));
    Path floats = write("floats", idx(0x0D, new int[] {1, 1, 1}, 0, 0, 0, 0));
    assertEquals(floats + ": error: unsupported IDX data type 0x0d (float); nnc reads unsigned bytes"
        + " (0x08)", message(floats));
    Path labels = write("labels", labels(1, 2));
    assertEquals(labels + ": error: expected an IDX file of images with 3 dimensions, but it has 1",
        message(labels));
    assertEquals(directory + ": error: cannot read IDX file: it is a directory", message(directory));
  }

  @Test
  void truncatedDataIsNamedPlainOrGzipped() throws IOException {
    byte[] whole = images();
    Path cut = write("cut", Arrays.copyOf(whole, whole.length - 5));
    assertEquals(cut + ": error: truncated IDX file: it holds 7 of the 12 values its header declares",
        message(cut));
    Path header = write("header", Arrays.copyOf(whole, 9));
    assertEquals(header + ": error: truncated IDX file: it ends inside its header", message(header));
    Path magic = write("magic", new byte[] {0, 0});
    assertEquals(magic + ": error: truncated IDX file: it ends inside its 4 magic bytes", message(magic));
    byte[] zipped = gzip(whole);
    Path cutZip = write("cut.gz", Arrays.copyOf(zipped, zipped.length - 12));
    String cutZipMessage = message(cutZip); // how much inflates before the cut depends on zlib
    assertTrue(cutZipMessage.startsWith(cutZip + ": error: truncated IDX file: it holds "),
        cutZipMessage);
    Path noTrailer = write("trailer.gz", Arrays.copyOf(zipped, zipped.length - 4));
    assertEquals(noTrailer + ": error: truncated gzip data: the file ends before the gzip trailer",
        message(noTrailer));
  }

  @Test
  void bytesBeyondTheDeclaredSizeAreAnError() throws IOException {
    byte[] whole = images();
    Path longer = write("longer", Arrays.copyOf(whole, whole.length + 1));
    assertEquals(longer + ": error: the IDX file holds more bytes than its header declares (2 x 2 x 3)",
        message(longer));
  }

  @Test
  void readsTheFashionMnistTestSet() {
    Path root = Path.of("/usr/share/datasets/fashion-mnist");
    Path images = root.resolve("t10k-images-idx3-ubyte.gz");
    Path labels = root.resolve("t10k-labels-idx1-ubyte.gz");
    assumeTrue(Files.isRegularFile(images) && Files.isRegularFile(labels),
        "Fashion-MNIST is not installed in " + root);
    IdxImages pixels = IdxReader.readImages(images);
    assertEquals(10_000, pixels.count());
    assertEquals(28, pixels.rows());
    assertEquals(28, pixels.columns());
    float max = 0;
    for (float value : pixels.pixels()) {
      max = Math.max(max, value);
    }
    assertEquals(255f, max);
    int[] counts = new int[10];
    for (float label : IdxReader.readLabels(labels)) {
      counts[(int) label]++;
    }
    int[] thousandEach = new int[10];
    Arrays.fill(thousandEach, 1000);
    assertArrayEquals(thousandEach, counts);
    Dataset data = IdxReader.readDataset(images, labels, List.of());
    assertEquals(784, data.featureCount());
    assertEquals(10, data.classNames().size());
  }
}
