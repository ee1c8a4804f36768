package dev.nnc.cli;

import static dev.nnc.cli.Cli.assertOneError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nnc import on the PyTorch fixture of the compiler's OnnxImportTest, then the imported model in use. */
class ImportCommandTest {

  static final Path FIXTURE = Path.of("").toAbsolutePath().getParent()
      .resolve("compiler/src/test/resources/onnx/mlp_bn.onnx");

  @TempDir Path dir;

  @Test
  void importedModelPredictsAsPyTorchDidAndIsNeverOverwritten() throws Exception {
    Path nn = dir.resolve("mlp_bn.nn");
    Cli.Run run = Cli.run("import", FIXTURE, "-o", nn);
    assertEquals(0, run.code(), run.describe());
    assertTrue(Files.readString(nn).contains("model MlpBn"), Files.readString(nn));
    assertTrue(Files.isRegularFile(dir.resolve("mlp_bn.nnw")));

    // The first sample of mlp_bn.expected.txt: PyTorch gives 0.7781921 to class 0.
    Cli.Run predict = Cli.run("predict", nn, "--weights", dir.resolve("mlp_bn.nnw"), "--input",
        "-0.06119275093078613,4.759233474731445,-0.6612554788589478,2.057461738586426");
    assertEquals(0, predict.code(), predict.describe());
    assertTrue(predict.out().contains(": 0 (0.7782)"), predict.describe());

    byte[] before = Files.readAllBytes(nn);
    assertOneError(Cli.run("import", FIXTURE, "-o", nn), 1, "exists");
    assertArrayEquals(before, Files.readAllBytes(nn), "a refused import changed the .nn file");
  }

  @Test
  void aFileThatIsNotOnnxIsOneError() throws Exception {
    Path notOnnx = Cli.write(dir.resolve("fake.onnx"), "model Student\n");
    assertOneError(Cli.run("import", notOnnx, "-o", dir.resolve("x.nn")), 1, "fake.onnx", "not an ONNX model");
    assertOneError(Cli.run("import", dir.resolve("missing.onnx"), "-o", dir.resolve("x.nn")), 1, "no such file");
    assertOneError(Cli.run("import", FIXTURE, "-o", dir.resolve("x.nn"), "--name", "1bad"), 2, "--name");
    assertTrue(!Files.exists(dir.resolve("x.nn")), "a failed import wrote the .nn file");
  }
}
