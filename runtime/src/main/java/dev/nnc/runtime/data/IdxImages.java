package dev.nnc.runtime.data;

/**
 * Images read from an IDX file: {@code count} images of {@code rows x columns} pixels, each pixel's
 * unsigned byte as a float from 0 to 255, row-major within an image and image after image.
 */
public record IdxImages(int count, int rows, int columns, float[] pixels) {

  /** Pixels per image, {@code rows * columns}. */
  public int pixelsPerImage() {
    return rows * columns;
  }
}
