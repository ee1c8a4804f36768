package dev.nnc.compiler.codegen;

/**
 * Choices the code generator makes that are not in the {@code .nn} file.
 *
 * @param packageName the generated class's package ("" for none)
 * @param vectorBits width of the SIMD species (128, 256 or 512), or 0 for plain scalar loops
 */
public record CodegenOptions(String packageName, int vectorBits) {

  public static final String DEFAULT_PACKAGE = "dev.nnc.models";

  public CodegenOptions {
    if (vectorBits != 0 && vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
      throw new IllegalArgumentException("vectorBits must be 0, 128, 256 or 512: " + vectorBits);
    }
  }

  /** The widest species this JVM prefers (512 bits with AVX-512, 256 with AVX2). */
  public static int preferredVectorBits() {
    return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  public static CodegenOptions defaults() {
    return new CodegenOptions(DEFAULT_PACKAGE, preferredVectorBits());
  }

  public CodegenOptions withPackage(String name) {
    return new CodegenOptions(name, vectorBits);
  }

  public CodegenOptions withVectorBits(int bits) {
    return new CodegenOptions(packageName, bits);
  }

  /** Floats per vector, or 0 in scalar mode. */
  public int lanes() {
    return vectorBits / Float.SIZE;
  }

  public boolean scalar() {
    return vectorBits == 0;
  }
}
