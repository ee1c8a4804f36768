package dev.nnc.cli;

import static dev.nnc.cli.Cli.assertNoStackTrace;
import static dev.nnc.cli.Cli.run;
import static dev.nnc.cli.Cli.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.Cli.Run;
import dev.nnc.compiler.InMemoryJavaCompiler;
import dev.nnc.compiler.codegen.GeneratedSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model, column and class names that are not Java identifiers (or are Java keywords) must be mapped or
 * escaped: train and compile still work, and none of the text lands raw in the generated source.
 */
class HostileNamesTest {

  @TempDir Path dir;

  /** Student data with a header cell that needs quoting. */
  private void writeCsv(Path folder) throws IOException {
    String csv = Cli.studentCsv().replaceFirst("^study_hours,", "\"study hours (h)\",");
    write(folder.resolve("data").resolve("student.csv"), csv);
  }

  private static String hostileModel(String modelName) throws IOException {
    return Cli.studentWith("model StudentPerformance", "model " + modelName)
        .replace("features study_hours, sleep_hours", "features \"study hours (h)\", sleep_hours")
        .replace("label result classes Fail, Pass", "label result classes \"Fail\\\\u0041 \\\"q\\\"\", \"Pass*/ \\u0041\"");
  }

  @Test
  void keywordModelNameQuotedColumnAndCommentBreakingClassNamesTrainAndCompile() throws IOException {
    writeCsv(dir);
    Path model = write(dir.resolve("student.nn"), hostileModel("class"));
    Path weights = dir.resolve("w.nnw");

    Run train = run("train", model, "-o", weights);
    assertEquals(0, train.code(), train.describe());
    assertNoStackTrace(train);
    // The .nn escape \u0041 is an 'A'; the escaped backslash stays a backslash.
    assertTrue(train.out().contains("Prediction for (study hours (h) 6, sleep_hours 7): Pass*/ A ("), train.describe());
    assertTrue(train.out().contains("Fail\\u0041 \"q\""), train.describe());
    assertTrue(train.out().contains("Accuracy:  1.0000"), train.describe());

    Run predict = run("predict", model, "-w", weights, "-i", "1,2");
    assertEquals(0, predict.code(), predict.describe());
    assertTrue(predict.out().contains("Prediction for (study hours (h) 1, sleep_hours 2): Fail\\u0041 \"q\" ("),
        predict.describe());
    Run eval = run("eval", model, "-w", weights);
    assertEquals(0, eval.code(), eval.describe());

    Path generated = compile(model, dir.resolve("gen"));
    String className = generated.getFileName().toString().replace(".java", "");
    assertTrue(SourceVersion.isIdentifier(className) && !SourceVersion.isKeyword(className), className);
    checkGeneratedSource(generated);
  }

  @Test
  void snakeCaseModelNameAndOddFileName() throws IOException {
    writeCsv(dir);
    Path model = write(dir.resolve("my model (v2).nn"), hostileModel("my_model_2"));
    Run train = run("train", model, "-o", dir.resolve("w.nnw"));
    assertEquals(0, train.code(), train.describe());
    Path generated = compile(model, dir.resolve("gen"));
    assertEquals("MyModel2.java", generated.getFileName().toString());
    checkGeneratedSource(generated);
  }

  @Test
  void manyNamesThatClashWithJava() throws IOException {
    // Java keywords, restricted identifiers and java.lang / runtime type names the generated code uses.
    for (String name : List.of("int", "void", "_", "__x", "var", "record", "system", "string", "float", "network",
        "override", "math")) {
      Path folder = dir.resolve("m_" + name);
      Files.createDirectories(folder);
      Path model = write(folder.resolve("m.nn"), Cli.studentWith("model StudentPerformance", "model " + name));
      Path generated = compile(model, folder.resolve("gen"));
      String className = generated.getFileName().toString().replace(".java", "");
      assertTrue(SourceVersion.isIdentifier(className) && !SourceVersion.isKeyword(className), name + " -> " + className);
      checkGeneratedSource(generated);
    }
  }

  /** Runs {@code nnc compile}; returns the one file written. */
  private static Path compile(Path model, Path out) throws IOException {
    Run r = run("compile", model, "-o", out);
    assertEquals(0, r.code(), r.describe());
    assertNoStackTrace(r);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(out)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertEquals(1, files.size(), "expected one generated file: " + files);
    return files.get(0);
  }

  /** The written source compiles and holds none of the raw text from the .nn file. */
  private static void checkGeneratedSource(Path file) throws IOException {
    String source = Files.readString(file, StandardCharsets.UTF_8);
    String simpleName = file.getFileName().toString().replace(".java", "");
    assertTrue(source.contains("package dev.nnc.models;"), source);
    assertFalse(source.contains("Pass*/"), "class name reached the source raw:\n" + source);
    assertFalse(source.contains("\\u"), "a unicode escape reached the source:\n" + source);
    assertFalse(source.contains("study hours (h)") && !source.contains("\"study hours (h)\""),
        "column name in a comment:\n" + source);
    for (String line : source.lines().toList()) {
      String trimmed = line.strip();
      boolean comment = trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/*");
      if (comment) {
        assertFalse(trimmed.indexOf("*/") >= 0 && !trimmed.endsWith("*/"), "comment closed early: " + line);
      }
    }
    Class<?> type = InMemoryJavaCompiler.compileAndLoad(new GeneratedSource("dev.nnc.models." + simpleName, source));
    assertTrue(dev.nnc.runtime.Network.class.isAssignableFrom(type), type.getName());
  }
}
