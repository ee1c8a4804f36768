package dev.nnc.compiler.codegen;

/**
 * Choices the code generator makes that are not in the {@code .nn} file.
 *
 * @param packageName the generated class's package ("" for none)
 * @param vectorBits width of the SIMD species (128, 256 or 512), or 0 for plain scalar loops
 * @param vectorRegisters the vector registers the target CPU has (16 with AVX2, 32 with AVX-512 or on
 *     AArch64): how many accumulators a kernel can keep without spilling them to the stack
 */
public record CodegenOptions(String packageName, int vectorBits, int vectorRegisters) {

  public static final String DEFAULT_PACKAGE = "dev.nnc.models";

  public CodegenOptions {
    checkVectorBits(vectorBits);
    checkVectorRegisters(vectorRegisters);
  }

  /** Options for this machine's register file (see {@link #machineVectorRegisters}). */
  public CodegenOptions(String packageName, int vectorBits) {
    this(packageName, vectorBits, machineVectorRegisters(vectorBits));
  }

  static void checkVectorBits(int vectorBits) {
    if (vectorBits != 0 && vectorBits != 128 && vectorBits != 256 && vectorBits != 512) {
      throw new IllegalArgumentException("vectorBits must be 0, 128, 256 or 512: " + vectorBits);
    }
  }

  static void checkVectorRegisters(int vectorRegisters) {
    if (vectorRegisters != 16 && vectorRegisters != 32) {
      throw new IllegalArgumentException("vectorRegisters must be 16 or 32: " + vectorRegisters);
    }
  }

  /** The widest species this JVM prefers (512 bits with AVX-512, 256 with AVX2). */
  public static int preferredVectorBits() {
    return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }

  /**
   * The vector registers of this machine, for kernels {@code vectorBits} wide. Only 512-bit kernels
   * and scalar code are answered without the Vector API, so a JVM without {@code jdk.incubator.vector}
   * (Maven's) asks {@link #registersOfMachinePreferring} with a child JVM's preferred width instead.
   */
  public static int machineVectorRegisters(int vectorBits) {
    return vectorBits == 0 || vectorBits == 512 ? 32 : registersOfMachinePreferring(preferredVectorBits());
  }

  /**
   * The vector registers of a machine whose JVM prefers {@code preferredBits}-bit vectors: an x86 CPU
   * without AVX-512 has 16 (ymm0-15), one with it 32 for every width (AVX-512VL), as has AArch64.
   */
  public static int registersOfMachinePreferring(int preferredBits) {
    String arch = System.getProperty("os.arch", "");
    boolean x86 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86") || arch.matches("i\\d86");
    return x86 && preferredBits < 512 ? 16 : 32;
  }

  public static CodegenOptions defaults() {
    return new CodegenOptions(DEFAULT_PACKAGE, preferredVectorBits());
  }

  public CodegenOptions withPackage(String name) {
    return new CodegenOptions(name, vectorBits, vectorRegisters);
  }

  /** These options with {@code bits}-wide kernels, for this machine's registers. */
  public CodegenOptions withVectorBits(int bits) {
    return new CodegenOptions(packageName, bits);
  }

  public CodegenOptions withVectorRegisters(int registers) {
    return new CodegenOptions(packageName, vectorBits, registers);
  }

  /** Floats per vector, or 0 in scalar mode. */
  public int lanes() {
    return vectorBits / Float.SIZE;
  }

  public boolean scalar() {
    return vectorBits == 0;
  }
}
