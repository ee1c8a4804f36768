package dev.nnc.compiler;

import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build-time entry point: compiles every {@code .nn} file in a folder into a source root, for build
 * scripts (Maven builds use nnc-maven-plugin instead), so it throws instead of calling System.exit.
 *
 * <p>Arguments: {@code <models dir> <output source root> <package> <vector bits or "preferred">}.
 */
public final class GenerateSources {

  private GenerateSources() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: GenerateSources <models dir> <output dir> <package> <vector bits>");
    }
    Path models = Path.of(args[0]);
    Path output = Path.of(args[1]);
    int bits = args[3].equals("preferred") ? CodegenOptions.preferredVectorBits() : Integer.parseInt(args[3]);
    CodegenOptions options = new CodegenOptions(args[2], bits);
    List<String> failures = new ArrayList<>();
    for (Path file : modelFiles(models)) {
      try {
        GeneratedSource source = NncCompiler.compile(SourceFile.read(file), options).source();
        Path target = output.resolve(source.relativePath());
        Files.createDirectories(target.getParent());
        // Leave an unchanged file alone so javac's staleness check does not recompile it.
        if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(source.source())) {
          Files.writeString(target, source.source(), StandardCharsets.UTF_8);
        }
      } catch (CompileException e) {
        failures.add(e.render());
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(String.join("\n", failures));
    }
  }

  /** Every {@code .nn} file under {@code folder}, in a stable order. */
  public static List<Path> modelFiles(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(p -> p.toString().endsWith(".nn") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
