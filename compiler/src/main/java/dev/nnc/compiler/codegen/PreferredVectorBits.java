package dev.nnc.compiler.codegen;

/**
 * Prints {@link CodegenOptions#preferredVectorBits()}: for build tools whose own JVM runs without
 * {@code jdk.incubator.vector} (Maven's), which ask a child JVM that has it.
 */
public final class PreferredVectorBits {

  private PreferredVectorBits() {}

  public static void main(String[] args) {
    System.out.println(CodegenOptions.preferredVectorBits());
  }
}
