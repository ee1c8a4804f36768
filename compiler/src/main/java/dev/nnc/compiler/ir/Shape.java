package dev.nnc.compiler.ir;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A tensor shape per sample, rank 1 to 3: {@code [features]} or {@code [channels, height, width]}. */
public final class Shape {

  public static final int MAX_RANK = 3;

  private final int[] dims;

  private Shape(int[] dims) {
    if (dims.length < 1 || dims.length > MAX_RANK) {
      throw new IllegalArgumentException("rank must be 1.." + MAX_RANK + ": " + dims.length);
    }
    for (int d : dims) {
      if (d <= 0) {
        throw new IllegalArgumentException("dimensions must be positive: " + Arrays.toString(dims));
      }
    }
    this.dims = dims.clone();
  }

  public static Shape of(int... dims) {
    return new Shape(dims);
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int i) {
    return dims[i];
  }

  /** Number of values per sample. */
  public int size() {
    int size = 1;
    for (int d : dims) {
      size = Math.multiplyExact(size, d);
    }
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape other && Arrays.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** {@code [2]}, {@code [1, 28, 28]}. */
  @Override
  public String toString() {
    return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
