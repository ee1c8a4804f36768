package dev.nnc.cli;

import dev.nnc.compiler.codegen.CodegenOptions;
import picocli.CommandLine.Option;

/** Code generation options shared by every command that generates code. */
final class Options {

  @Option(names = "--vector",
      description = "SIMD width of the generated kernels: 512, 256, 128, none (plain scalar Java) or"
          + " preferred (this machine's widest; the default).",
      defaultValue = "preferred", paramLabel = "<bits>")
  String vector;

  @Option(names = "--package", description = "Java package of generated classes (default: ${DEFAULT-VALUE}).",
      defaultValue = CodegenOptions.DEFAULT_PACKAGE, paramLabel = "<name>")
  String packageName;

  CodegenOptions codegen() {
    if (!dev.nnc.compiler.check.JavaNames.isPackageName(packageName)) {
      throw new CliException(CliException.MODEL_ERROR, "error: --package '" + packageName
          + "' is not a valid Java package name");
    }
    int bits = switch (vector) {
      case "preferred" -> CodegenOptions.preferredVectorBits();
      case "none", "scalar", "0" -> 0;
      case "128" -> 128;
      case "256" -> 256;
      case "512" -> 512;
      default -> throw new CliException(CliException.MODEL_ERROR,
          "error: --vector must be 512, 256, 128, none or preferred, not '" + vector + "'");
    };
    return new CodegenOptions(packageName, bits);
  }
}
