package dev.nnc.maven.generation;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The {@code vector} setting: the SIMD width of generated kernels. */
public enum VectorOption {
  /** The widest species the building machine's JVM prefers (asked of a child JVM: {@link PreferredVectorBitsProbe}). */
  PREFERRED("preferred", -1),
  BITS_512("512", 512),
  BITS_256("256", 256),
  BITS_128("128", 128),
  /** Plain scalar Java: no Vector API at compile or run time for exported classifiers. */
  NONE("none", 0);

  private final String text;
  private final int bits;

  VectorOption(String text, int bits) {
    this.text = text;
    this.bits = bits;
  }

  /**
   * Parses {@code preferred}, {@code 512}, {@code 256}, {@code 128} or {@code none}.
   *
   * @param setting how messages name the setting, e.g. {@code <vector>}
   * @throws IllegalArgumentException naming the setting, the allowed values and the bad value
   */
  public static VectorOption parse(String value, String setting) {
    String trimmed = value == null ? "" : value.trim();
    for (VectorOption option : values()) {
      if (option.text.equals(trimmed)) {
        return option;
      }
    }
    throw new IllegalArgumentException(setting + " must be one of " + allowed() + ", not '" + value + "'");
  }

  /** The width in bits (0 for scalar code); {@code preferred} asks {@code probe}. */
  public int bits(PreferredBits probe) throws java.io.IOException {
    return this == PREFERRED ? probe.bits() : bits;
  }

  @Override
  public String toString() {
    return text;
  }

  private static String allowed() {
    return Arrays.stream(values()).map(VectorOption::toString).collect(Collectors.joining(", "));
  }

  /** Where {@link #PREFERRED} gets its width. */
  @FunctionalInterface
  public interface PreferredBits {
    /** The preferred width: 0 (scalar), 128, 256 or 512. */
    int bits() throws java.io.IOException;
  }
}
