package dev.nnc.generated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.ClassFiles;
import dev.nnc.compiler.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every method of every class generated from models/ stays under HotSpot's 8000-byte
 * {@code HugeMethodLimit}, beyond which a method is never JIT-compiled.
 */
class MethodSizeTest {

  static final Path CLASSES = Path.of("target", "classes", "dev", "nnc", "models");

  /** Models generated a third time, with 256-bit vectors, for the benchmarks (W1 to W3). */
  static final int BENCHMARK_WORKLOADS = 3;

  @Test
  void everyGeneratedMethodIsSmallEnoughToCompile() throws IOException {
    List<Path> classFiles;
    try (Stream<Path> files = Files.walk(CLASSES)) {
      classFiles = files.filter(p -> p.toString().endsWith(".class")).sorted().toList();
    }
    // Two flavours (vector and scalar) per model, and the benchmark workloads' 256-bit kernels (this
    // module's pom): nothing may be silently missing.
    int models = ModelFiles.in(Path.of("..", "models")).size();
    assertTrue(models > 0, "no models found");
    assertEquals(2 * models + BENCHMARK_WORKLOADS, classFiles.size(), "generated classes: " + classFiles);

    for (Path file : classFiles) {
      Map<String, Integer> lengths = ClassFiles.methodCodeLengths(Files.readAllBytes(file));
      assertTrue(lengths.containsKey("forward([FI)V"), file + " has no forward method: " + lengths.keySet());
      lengths.forEach((method, length) -> assertTrue(length < ClassFiles.HUGE_METHOD_LIMIT,
          file.getFileName() + " " + method + " has " + length + " bytes of bytecode"));
    }
  }
}
