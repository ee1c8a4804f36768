package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.codegen.ExportOptions;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.compiler.diagram.ArchitectureDiagram;
import dev.nnc.runtime.io.WeightsData;
import dev.nnc.runtime.io.WeightsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated Java and the architecture diagram of models/student.nn, byte for byte against the files
 * checked in under {@code src/test/resources/golden/}, so every change to code generation or to the
 * diagram shows up as a reviewable diff.
 * After an intended change, regenerate them and review the diff:
 *
 * <pre>
 * mvn -q -pl compiler -am install -DskipTests
 * mvn -q -pl compiler test -Dtest=GoldenFilesTest -Dnnc.updateGolden=true
 * git diff compiler/src/test/resources/golden
 * </pre>
 *
 * <p>The classifier is exported with {@code golden/student.nnw}, weights from
 * {@code ./nnc train models/student.nn}.
 */
class GoldenFilesTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest
  @ValueSource(strings = {"StudentPerformance.java", "scalar/StudentPerformance.java", "StudentClassifier.java",
      "vector/StudentClassifier.java", "student.svg"})
  void generatedFileIsTheGoldenFile(String golden) throws Exception {
    SourceFile file = SourceFile.read(Path.of("").toAbsolutePath().getParent().resolve("models/student.nn"));
    String generated = switch (golden) {
      case "StudentPerformance.java" ->
          NncCompiler.compile(file, new CodegenOptions("dev.nnc.models", 512)).source().source();
      case "scalar/StudentPerformance.java" ->
          NncCompiler.compile(file, new CodegenOptions("dev.nnc.models.scalar", 0)).source().source();
      case "student.svg" -> ArchitectureDiagram.svg(NncCompiler.check(file));
      default -> {
        WeightsData weights = WeightsFile.load(GOLDEN.resolve("student.nnw"), "student.nnw");
        int bits = golden.startsWith("vector/") ? 512 : 0;
        yield NncCompiler.exportClassifier(NncCompiler.check(file), weights, "student.nnw",
            new ExportOptions("com.example", "StudentClassifier", bits, java.util.List.of())).source();
      }
    };
    Path path = GOLDEN.resolve(golden);
    if (Boolean.getBoolean("nnc.updateGolden")) {
      Files.createDirectories(path.getParent());
      Files.writeString(path, generated, StandardCharsets.UTF_8);
    }
    assertTrue(Files.isRegularFile(path), path + " is missing: regenerate with -Dnnc.updateGolden=true");
    assertEquals(read(path), generated, golden + " differs from what nnc generates: if the change is"
        + " intended, regenerate with -Dnnc.updateGolden=true (see this test's Javadoc) and review the diff");
  }

  private static String read(Path path) throws IOException {
    return Files.readString(path, StandardCharsets.UTF_8);
  }
}
