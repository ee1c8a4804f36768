package dev.nnc.cli;

import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.runtime.parallel.WorkerTeam;
import picocli.CommandLine.Option;

/** Code generation and execution options shared by every command that generates code. */
final class Options {

  @Option(names = "--vector",
      description = "SIMD width of the generated kernels: 512, 256, 128, none (plain scalar Java) or"
          + " preferred (this machine's widest; the default).",
      defaultValue = "preferred", paramLabel = "<bits>")
  String vector;

  @Option(names = "--package", description = "Java package of generated classes (default: ${DEFAULT-VALUE}).",
      defaultValue = CodegenOptions.DEFAULT_PACKAGE, paramLabel = "<name>")
  String packageName;

  @Option(names = "--threads", paramLabel = "<n>",
      description = "Threads that share large batches (default: one per CPU). Results are the same bits with any"
          + " number.")
  Integer threads;

  private WorkerTeam workers;

  /** The team the network splits large batches across, or null for one thread. */
  WorkerTeam workers() {
    int count = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (count < 1 || count > 256) {
      throw new CliException(CliException.MODEL_ERROR, "error: --threads must be between 1 and 256, not " + count);
    }
    if (count == 1) {
      return null;
    }
    if (workers == null) {
      workers = WorkerTeam.of(count);
    }
    return workers;
  }

  CodegenOptions codegen() {
    if (!dev.nnc.compiler.check.JavaNames.isPackageName(packageName)) {
      throw new CliException(CliException.MODEL_ERROR, "error: --package '" + packageName
          + "' is not a valid Java package name");
    }
    return new CodegenOptions(packageName, vectorBits(vector));
  }

  /** The SIMD width a {@code --vector} value names, 0 for plain scalar Java. */
  static int vectorBits(String vector) {
    return switch (vector) {
      case "preferred" -> CodegenOptions.preferredVectorBits();
      case "none", "scalar", "0" -> 0;
      case "128" -> 128;
      case "256" -> 256;
      case "512" -> 512;
      default -> throw new CliException(CliException.MODEL_ERROR,
          "error: --vector must be 512, 256, 128, none or preferred, not '" + vector + "'");
    };
  }
}
