package dev.nnc.compiler.codegen;

import dev.nnc.compiler.check.JavaNames;
import java.util.List;

/**
 * Choices for an exported classifier: where it goes, what it is called, and its kernels.
 *
 * @param packageName the class's package ("" for none)
 * @param className the class's simple name
 * @param vectorBits 0 for plain scalar Java (runs on any JDK 11+), or 128, 256, 512 for Vector API
 *     kernels (need {@code --add-modules jdk.incubator.vector})
 * @param vectorRegisters the target CPU's vector registers, 16 or 32 (see {@link CodegenOptions})
 * @param classNames the class names by index, or empty to take them from the model's data section
 *     (and "0", "1", ... when it names none)
 */
public record ExportOptions(String packageName, String className, int vectorBits, int vectorRegisters,
    List<String> classNames) {

  /**
   * @throws IllegalArgumentException for a name Java does not accept or that hides a type the classifier
   *     uses, or a bad vector width
   */
  public ExportOptions {
    if (!JavaNames.isPackageName(packageName)) {
      throw new IllegalArgumentException("'" + packageName + "' is not a Java package name");
    }
    if (!JavaNames.isClassName(className)) {
      throw new IllegalArgumentException("'" + className + "' is not a Java class name");
    }
    if (JavaNames.hidesAUsedType(className)) {
      throw new IllegalArgumentException("'" + className
          + "' would hide the type of that name the classifier's code uses");
    }
    CodegenOptions.checkVectorBits(vectorBits);
    CodegenOptions.checkVectorRegisters(vectorRegisters);
    classNames = List.copyOf(classNames);
  }

  /** Options for this machine's register file (see {@link CodegenOptions#machineVectorRegisters}). */
  public ExportOptions(String packageName, String className, int vectorBits, List<String> classNames) {
    this(packageName, className, vectorBits, CodegenOptions.machineVectorRegisters(vectorBits), classNames);
  }

  /** Scalar kernels and the model's own class names. */
  public static ExportOptions scalar(String packageName, String className) {
    return new ExportOptions(packageName, className, 0, List.of());
  }

  public ExportOptions withVectorBits(int bits) {
    return new ExportOptions(packageName, className, bits, classNames);
  }

  public ExportOptions withClassNames(List<String> names) {
    return new ExportOptions(packageName, className, vectorBits, vectorRegisters, names);
  }

  /** The fully qualified class name. */
  public String qualifiedName() {
    return packageName.isEmpty() ? className : packageName + "." + className;
  }
}
