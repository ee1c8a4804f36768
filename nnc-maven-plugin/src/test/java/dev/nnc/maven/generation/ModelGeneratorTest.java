package dev.nnc.maven.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.codegen.CodegenOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator on real files, without Maven: staleness, packages, errors, orphans, exports. */
class ModelGeneratorTest {

  static final String TINY = """
      model Tiny
      network {
          input 2
          dense 4 relu
          dense 1
      }
      """;

  static final String BROKEN = """
      model Broken
      network {
          input 2
          dense 16 rellu
          dense 1 sigmoid
      }
      """;

  @TempDir Path dir;
  Path models;
  Path output;
  Path state;

  @BeforeEach
  void folders() throws IOException {
    models = Files.createDirectories(dir.resolve("src/main/nn"));
    output = dir.resolve("target/generated-sources/nnc");
    state = dir.resolve("target/nnc-maven-plugin/default.state");
  }

  @Test
  void writesTheClassInItsPackageFolderAndSkipsItWhenNothingChanged() throws Exception {
    model("com/acme/tiny.nn", TINY);
    Report first = run(request(null, VectorOption.NONE, false), VectorOptionTest.NEVER);
    assertEquals(List.of("com/acme/tiny.nn"), first.generated());
    Path java = output.resolve("com/acme/Tiny.java");
    assertTrue(Files.readString(java).contains("package com.acme;"));
    assertTrue(Files.isRegularFile(state));

    Files.setLastModifiedTime(java, FileTime.fromMillis(0));
    Report second = run(request(null, VectorOption.NONE, false), VectorOptionTest.NEVER);
    assertEquals(List.of(), second.generated());
    assertEquals(List.of("com/acme/tiny.nn"), second.upToDate());
    assertNull(second.rebuildReason());
    assertEquals(0, Files.getLastModifiedTime(java).toMillis(), "an up-to-date file must not be touched");
  }

  @Test
  void aChangedModelOptionOrGeneratorRegenerates() throws Exception {
    model("tiny.nn", TINY);
    run(request(null, VectorOption.NONE, false), VectorOptionTest.NEVER);

    model("tiny.nn", TINY.replace("dense 4 relu", "dense 5 relu"));
    assertEquals(List.of("tiny.nn"), run(request(null, VectorOption.NONE, false), VectorOptionTest.NEVER).generated());
    assertTrue(Files.readString(output.resolve("Tiny.java")).contains("dense 5 relu"));

    // 256-bit kernels are shaped for the building machine's registers, which its preferred width tells.
    VectorOption.PreferredBits avx2 = () -> 256;
    VectorOption.PreferredBits avx512 = () -> 512;
    assertEquals(List.of("tiny.nn"), run(request(null, VectorOption.BITS_256, false), avx2).generated());
    assertEquals(List.of(), run(request(null, VectorOption.BITS_256, false), avx2).generated());
    if (CodegenOptions.registersOfMachinePreferring(256) != CodegenOptions.registersOfMachinePreferring(512)) {  // x86
      assertEquals(List.of("tiny.nn"), run(request(null, VectorOption.BITS_256, false), avx512).generated());
      assertEquals(List.of("tiny.nn"), run(request(null, VectorOption.BITS_256, false), avx2).generated());
    }

    GenerationRequest upgraded = new GenerationRequest(models, List.of("tiny.nn"), output, null, VectorOption.BITS_256,
        List.of(), state, "generator-2", false);
    Report report = new ModelGenerator(upgraded, Workspace.files(), avx2).run();
    assertEquals(List.of("tiny.nn"), report.generated());
    assertEquals("the nnc generator changed since the last build", report.rebuildReason());

    Report forced = new ModelGenerator(new GenerationRequest(models, List.of("tiny.nn"), output, null,
        VectorOption.BITS_256, List.of(), state, "generator-2", true), Workspace.files(), avx2).run();
    assertEquals(List.of("tiny.nn"), forced.generated());
  }

  @Test
  void aDeletedOutputIsRegenerated() throws Exception {
    model("tiny.nn", TINY);
    run(request(null, VectorOption.NONE, false), VectorOptionTest.NEVER);
    Files.delete(output.resolve("Tiny.java"));
    assertEquals(List.of("tiny.nn"), run(request(null, VectorOption.NONE, false), VectorOptionTest.NEVER).generated());
    assertTrue(Files.exists(output.resolve("Tiny.java")));
  }

  @Test
  void aConfiguredPackageWinsAndTheOldClassIsRemoved() throws Exception {
    model("nets/tiny.nn", TINY);
    run(request(null, VectorOption.NONE, false), VectorOptionTest.NEVER);
    assertTrue(Files.exists(output.resolve("nets/Tiny.java")));

    Report report = run(request("dev.nnc.models", VectorOption.NONE, false), VectorOptionTest.NEVER);
    assertTrue(Files.exists(output.resolve("dev/nnc/models/Tiny.java")));
    assertFalse(Files.exists(output.resolve("nets/Tiny.java")));
    assertEquals(List.of("nets/Tiny.java"), report.removed());
  }

  @Test
  void aFileSomeoneElseChangedIsNotRemoved() throws Exception {
    model("tiny.nn", TINY);
    run(request(null, VectorOption.NONE, false), VectorOptionTest.NEVER);
    Files.writeString(output.resolve("Tiny.java"), "// mine now\n");
    Files.delete(models.resolve("tiny.nn"));
    Report report = new ModelGenerator(new GenerationRequest(models, List.of(), output, null, VectorOption.NONE,
        List.of(), state, "generator-1", false), Workspace.files(), VectorOptionTest.NEVER).run();
    assertEquals(List.of(), report.removed());
    assertTrue(Files.exists(output.resolve("Tiny.java")));
  }

  @Test
  void everyBrokenModelIsReportedWithPlaceAndCaretAndTheGoodOnesAreStillGenerated() throws Exception {
    model("a_broken.nn", BROKEN);
    model("b_tiny.nn", TINY);
    model("c_broken.nn", BROKEN.replace("model Broken", "model Broken2").replace("dense 1 sigmoid", "dens 1"));
    List<String> markers = new ArrayList<>();
    Workspace recording = new Workspace() {
      @Override
      public java.io.OutputStream newFileOutputStream(Path file) throws IOException {
        return Files.newOutputStream(file);
      }

      @Override
      public void refresh(Path file) {}

      @Override
      public void removeMessages(Path file) {}

      @Override
      public void addError(Path file, int line, int column, String message) {
        markers.add(file.getFileName() + ":" + line + ":" + column + " " + message);
      }
    };
    ModelErrors errors = assertThrows(ModelErrors.class,
        () -> new ModelGenerator(request(null, VectorOption.NONE, false), recording, VectorOptionTest.NEVER).run());
    String a = models.resolve("a_broken.nn").toString();
    String c = models.resolve("c_broken.nn").toString();
    assertEquals(2, errors.problems().size(), errors.getMessage());
    assertEquals(a + ":4:14: error: unknown activation 'rellu' (did you mean 'relu'?)\n"
        + "    dense 16 rellu\n"
        + "             ^~~~~", errors.problems().get(0));
    assertTrue(errors.problems().get(1).startsWith(c + ":4:14: error: unknown activation 'rellu'"), errors.problems().get(1));
    assertTrue(errors.problems().get(1).contains(c + ":5:5: error: unknown layer 'dens'"), errors.problems().get(1));
    assertTrue(errors.getMessage().startsWith("nnc found 2 problems:\n" + a + ":4:14: error:"), errors.getMessage());
    assertEquals(List.of("a_broken.nn:4:14 unknown activation 'rellu' (did you mean 'relu'?)",
        "c_broken.nn:4:14 unknown activation 'rellu' (did you mean 'relu'?)",
        "c_broken.nn:5:5 unknown layer 'dens' (did you mean 'dense'?)"), markers);
    assertTrue(Files.exists(output.resolve("Tiny.java")), "the good model is generated anyway");
  }

  @Test
  void preferredIsAskedOnceAndOnlyWhenNeeded() throws Exception {
    model("one.nn", TINY.replace("Tiny", "One"));
    model("two.nn", TINY.replace("Tiny", "Two"));
    AtomicInteger calls = new AtomicInteger();
    run(request(null, VectorOption.PREFERRED, false), () -> {
      calls.incrementAndGet();
      return 256;
    });
    assertEquals(1, calls.get());
    assertTrue(Files.readString(output.resolve("One.java")).contains("FloatVector.SPECIES_256"));
  }

  @Test
  void outputIsTheSameBytesEveryTime() throws Exception {
    model("tiny.nn", TINY);
    run(request(null, VectorOption.BITS_512, false), VectorOptionTest.NEVER);
    byte[] first = Files.readAllBytes(output.resolve("Tiny.java"));
    Path otherOutput = dir.resolve("other");
    new ModelGenerator(new GenerationRequest(models, List.of("tiny.nn"), otherOutput, null, VectorOption.BITS_512,
        List.of(), dir.resolve("other.state"), "generator-1", true), Workspace.files(), VectorOptionTest.NEVER).run();
    assertArrayEquals(first, Files.readAllBytes(otherOutput.resolve("Tiny.java")));
  }

  @Test
  void twoModelsGeneratingOneClassAreRefused() throws Exception {
    model("a.nn", TINY);
    model("b.nn", TINY);
    ModelErrors errors = assertThrows(ModelErrors.class,
        () -> run(request("p", VectorOption.NONE, false), VectorOptionTest.NEVER));
    assertEquals(List.of("a.nn and b.nn both generate p/Tiny.java; rename one model, or put them in different packages"),
        errors.problems());
  }

  @Test
  void badPackagesAreConfigurationErrors() throws Exception {
    model("my-nets/tiny.nn", TINY);
    ModelErrors folder = assertThrows(ModelErrors.class, () -> run(request(null, VectorOption.NONE, false), VectorOptionTest.NEVER));
    assertTrue(folder.problems().get(0).startsWith("my-nets/tiny.nn: its folder 'my-nets'"), folder.getMessage());
    ModelErrors configured = assertThrows(ModelErrors.class,
        () -> run(request("not a package", VectorOption.NONE, false), VectorOptionTest.NEVER));
    assertEquals(List.of("<packageName> 'not a package' is not a valid Java package name"), configured.problems());
  }

  @Test
  void exportProblemsAreReportedWithTheWeightsFileNamed() throws Exception {
    model("tiny.nn", TINY);
    model("other.nn", TINY.replace("Tiny", "Other"));
    Path missing = dir.resolve("missing.nnw");
    Path garbage = Files.writeString(dir.resolve("garbage.nnw"), "not weights", StandardCharsets.UTF_8);
    GenerationRequest request = new GenerationRequest(models, List.of("other.nn", "tiny.nn"), output, null,
        VectorOption.NONE,
        List.of(new ExportRequest("tiny.nn", missing, null, "TinyClassifier", VectorOption.NONE),
            new ExportRequest("./other.nn", garbage, "com.acme", "OtherClassifier", VectorOption.NONE)),
        state, "generator-1", false);
    ModelErrors errors = assertThrows(ModelErrors.class,
        () -> new ModelGenerator(request, Workspace.files(), VectorOptionTest.NEVER).run());
    assertEquals(2, errors.problems().size(), errors.getMessage());
    assertEquals(missing + ": error: cannot read weights file: no such file", errors.problems().get(0));
    assertTrue(errors.problems().get(1).startsWith(garbage + ": error: "), errors.problems().get(1));
    assertFalse(Files.exists(output.resolve("Tiny.java")), "an exported model gets no training class");
    assertFalse(Files.exists(output.resolve("Other.java")), "an exported model gets no training class");
  }

  @Test
  void exportSettingsAreChecked() throws Exception {
    model("tiny.nn", TINY);
    model("small.nn", TINY);
    Path weights = dir.resolve("tiny.nnw");
    GenerationRequest request = new GenerationRequest(models, List.of("tiny.nn"), output, null, VectorOption.NONE,
        List.of(new ExportRequest("gone.nn", weights, null, "Gone", VectorOption.NONE),
            new ExportRequest("tiny.nn", weights, null, "class", VectorOption.NONE),
            new ExportRequest("small.nn", weights, null, "Math", VectorOption.NONE)),
        state, "generator-1", false);
    ModelErrors errors = assertThrows(ModelErrors.class,
        () -> new ModelGenerator(request, Workspace.files(), VectorOptionTest.NEVER).run());
    assertEquals(List.of("<export> model gone.nn not found: no file " + models.resolve("gone.nn"),
        "<export> of tiny.nn: <className> 'class' is not a valid Java class name (a simple name, without the package)",
        "<export> of small.nn: <className> 'Math' would hide the type of that name the classifier's code uses;"
            + " choose another name"),
        errors.problems());
  }

  @Test
  void inputDigestChangesWithEveryInput() {
    byte[] model = TINY.getBytes(StandardCharsets.UTF_8);
    byte[] weights = {1, 2, 3};
    String base = ModelGenerator.inputDigest("g1", model, weights, "p", "C", 0, 32);
    assertEquals(base, ModelGenerator.inputDigest("g1", model.clone(), weights.clone(), "p", "C", 0, 32));
    assertNotEquals(base, ModelGenerator.inputDigest("g2", model, weights, "p", "C", 0, 32));
    assertNotEquals(base, ModelGenerator.inputDigest("g1", TINY.replace('4', '5').getBytes(StandardCharsets.UTF_8),
        weights, "p", "C", 0, 32));
    assertNotEquals(base, ModelGenerator.inputDigest("g1", model, new byte[] {1, 2, 4}, "p", "C", 0, 32));
    assertNotEquals(base, ModelGenerator.inputDigest("g1", model, weights, "q", "C", 0, 32));
    assertNotEquals(base, ModelGenerator.inputDigest("g1", model, weights, "p", "D", 0, 32));
    assertNotEquals(base, ModelGenerator.inputDigest("g1", model, weights, "p", "C", 256, 32));
    assertNotEquals(base, ModelGenerator.inputDigest("g1", model, weights, "p", "C", 0, 16));
    assertNotEquals(ModelGenerator.inputDigest("g1", model, null, "p", null, 0, 32),
        ModelGenerator.inputDigest("g1", model, new byte[0], "p", "", 0, 32));
  }

  private void model(String path, String text) throws IOException {
    Path file = models.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private GenerationRequest request(String packageName, VectorOption vector, boolean force) throws IOException {
    List<String> found;
    try (var walk = Files.walk(models)) {
      found = walk.filter(p -> p.toString().endsWith(".nn")).map(p -> models.relativize(p).toString().replace('\\', '/'))
          .sorted().toList();
    }
    return new GenerationRequest(models, found, output, packageName, vector, List.of(), state, "generator-1", force);
  }

  private Report run(GenerationRequest request, VectorOption.PreferredBits probe) throws Exception {
    return new ModelGenerator(request, Workspace.files(), probe).run();
  }
}
