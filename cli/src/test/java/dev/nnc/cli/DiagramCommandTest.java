package dev.nnc.cli;

import static dev.nnc.cli.Cli.assertCaretDiagnostic;
import static dev.nnc.cli.Cli.assertOneError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nnc diagram: the SVG where asked or beside the model, and nothing written when the input is wrong. */
class DiagramCommandTest {

  @TempDir Path dir;

  @Test
  void writesTheLayersWithTheirShapesAndParameters() throws IOException {
    Path model = Cli.copyStudent(dir);
    Path svg = dir.resolve("pictures").resolve("architecture.svg");
    Cli.Run run = Cli.run("diagram", model, "-o", svg);
    assertEquals(0, run.code(), run.describe());
    assertEquals("Diagram written to " + svg, run.out().strip());
    String text = Files.readString(svg, StandardCharsets.UTF_8);
    assertTrue(text.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), text);
    for (String part : List.of("StudentPerformance", ">input 2<", ">dense 16 relu<", ">[16]<", ">48 params<",
        ">dense 1 sigmoid<", ">17 params<", "65 parameters")) {
      assertTrue(text.contains(part), "the SVG should contain " + part);
    }
  }

  @Test
  void defaultsToTheModelsNameBesideItAndReplacesAnOlderDiagram() throws IOException {
    Path model = Cli.copyStudent(dir);
    Path svg = dir.resolve("student.svg");
    Cli.write(svg, "<svg>an older diagram</svg>");
    Cli.Run run = Cli.run("diagram", model);
    assertEquals(0, run.code(), run.describe());
    assertTrue(run.out().contains("Diagram written to " + svg), run.describe());
    assertTrue(Files.readString(svg).contains("dense 16 relu"));
  }

  @Test
  void needsNeitherDataNorTrainSection() throws IOException {
    Path model = Cli.write(dir.resolve("tiny.nn"), "model Tiny\nnetwork { input [1, 28, 28]; flatten; dense 10 }\n");
    Cli.Run run = Cli.run("diagram", model);
    assertEquals(0, run.code(), run.describe());
    assertTrue(Files.readString(dir.resolve("tiny.svg")).contains(">7,850 params<"));
  }

  @Test
  void missingOrBrokenModelIsOneErrorAndWritesNothing() throws IOException {
    assertOneError(Cli.run("diagram", dir.resolve("missing.nn")), 2, "missing.nn", "no such file");

    Path broken = Cli.write(dir.resolve("student.nn"), Cli.studentWith("dense 16 relu", "dense 16 rleu"));
    Cli.Run run = Cli.run("diagram", broken);
    assertOneError(run, 2, "unknown activation 'rleu'");
    assertCaretDiagnostic(run, broken);
    assertEquals(List.of(broken), files());
  }

  @Test
  void refusesToWriteOverADirectoryOrTheModel() throws IOException {
    Path model = Cli.copyStudent(dir);
    byte[] before = Files.readAllBytes(model);
    assertOneError(Cli.run("diagram", model, "-o", dir.resolve("data")), 2, "is a directory", "student.svg");
    assertOneError(Cli.run("diagram", model, "-o", model), 2, "is the model file itself");
    assertArrayEquals(before, Files.readAllBytes(model), "the model was overwritten");
    assertEquals(List.of(dir.resolve("data"), dir.resolve("data/student.csv"), model), files());
  }

  /** Everything under the temporary folder, so a test sees what a failed run left behind. */
  private List<Path> files() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(p -> !p.equals(dir)).sorted().toList();
    }
  }
}
