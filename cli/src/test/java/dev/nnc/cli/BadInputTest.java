package dev.nnc.cli;

import static dev.nnc.cli.Cli.assertCaretDiagnostic;
import static dev.nnc.cli.Cli.assertNoStackTrace;
import static dev.nnc.cli.Cli.assertOneError;
import static dev.nnc.cli.Cli.run;
import static dev.nnc.cli.Cli.studentWith;
import static dev.nnc.cli.Cli.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.Cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gets one diagnostic and the documented exit code (2 for the model or the
 * command line, 1 for data, weights and training), never a stack trace, and a failed {@code train}
 * leaves an existing weights file as it was.
 */
class BadInputTest {

  @TempDir static Path shared;

  /** Weights of the real student model, trained once. */
  static Path trained;
  static byte[] trainedBytes;

  @TempDir Path dir;

  /** A pre-existing weights file each failing train is pointed at with -o. */
  Path existing;

  @BeforeAll
  static void trainOnce() throws IOException {
    Path model = Cli.copyStudent(shared);
    trained = shared.resolve("student.nnw");
    Run r = run("train", model, "-o", trained);
    assertEquals(0, r.code(), r.describe());
    trainedBytes = Files.readAllBytes(trained);
  }

  @BeforeEach
  void setUp() throws IOException {
    Cli.copyStudent(dir);
    existing = dir.resolve("existing.nnw");
    Files.write(existing, trainedBytes);
  }

  /** Trains {@code modelText} (saved as student.nn beside data/) into the existing weights file. */
  private Run trainInto(String modelText) throws IOException {
    Path model = write(dir.resolve("student.nn"), modelText);
    return run("train", model, "-o", existing);
  }

  private void assertExistingUntouched() throws IOException {
    assertArrayEquals(trainedBytes, Files.readAllBytes(existing), "a failed train changed the existing weights file");
  }

  private Path csv(String name, String text) throws IOException {
    return write(dir.resolve("data").resolve(name), text);
  }

  // ---- data ------------------------------------------------------------------------------------

  @Test
  void missingDataFilePointsAtThePathInTheModel() throws IOException {
    Run r = trainInto(studentWith("\"data/student.csv\"", "\"data/nope.csv\""));
    assertOneError(r, 1, "data/nope.csv", "not found");
    assertCaretDiagnostic(r, dir.resolve("student.nn"));
    assertTrue(r.err().lines().toList().get(1).contains("\"data/nope.csv\""), r.describe());
    assertTrue(r.err().lines().toList().get(2).contains("^~~~"), r.describe());
    assertExistingUntouched();
  }

  @Test
  void csvWithoutAFeatureColumnNamesIt() throws IOException {
    csv("student.csv", "study_hours,result\n8,1\n3,0\n6,1\n2,0\n7,1\n");
    Run r = trainInto(Cli.studentModel());
    assertOneError(r, 1, "student.csv", "sleep_hours");
    assertExistingUntouched();
  }

  @Test
  void csvWithoutTheLabelColumnNamesIt() throws IOException {
    csv("student.csv", "study_hours,sleep_hours\n8,7\n3,5\n");
    Run r = trainInto(Cli.studentModel());
    assertOneError(r, 1, "student.csv", "result");
    assertExistingUntouched();
  }

  @Test
  void nonNumericCellGivesFileLineAndColumn() throws IOException {
    // Line 1 is the header; the bad cell is on line 4.
    csv("student.csv", Cli.studentCsv().replaceFirst("\\n6,8,1\\n", "\n6,eight,1\n"));
    Run r = trainInto(Cli.studentModel());
    assertOneError(r, 1, "student.csv:4:", "sleep_hours", "eight");
    assertExistingUntouched();
  }

  @Test
  void badLabelCellGivesFileLineAndColumn() throws IOException {
    csv("student.csv", Cli.studentCsv().replaceFirst("\\n3,5,0\\n", "\n3,5,maybe\n"));
    Run r = trainInto(Cli.studentModel());
    assertOneError(r, 1, "student.csv:3:", "result", "maybe");
    assertExistingUntouched();
  }

  @Test
  void emptyCsv() throws IOException {
    csv("student.csv", "");
    Run r = trainInto(Cli.studentModel());
    assertOneError(r, 1, "student.csv", "empty");
    assertExistingUntouched();
  }

  @Test
  void csvWithOnlyAHeader() throws IOException {
    csv("student.csv", "study_hours,sleep_hours,result\n");
    Run r = trainInto(Cli.studentModel());
    assertOneError(r, 1, "student.csv", "no rows");
    assertExistingUntouched();
  }

  @Test
  void tooFewRowsForTheSplit() throws IOException {
    // One row cannot be split 80/20: one side would be empty.
    csv("student.csv", "study_hours,sleep_hours,result\n8,7,1\n");
    Run r = trainInto(Cli.studentModel());
    assertOneError(r, 1, "student.csv", "too few", "split");
    assertExistingUntouched();
  }

  @Test
  void threeRowsWithALargeTestShareLeaveNoTrainingRows() throws IOException {
    csv("student.csv", "study_hours,sleep_hours,result\n8,7,1\n3,5,0\n6,8,1\n");
    Run r = trainInto(studentWith("split test 0.2", "split test 0.9"));
    assertOneError(r, 1, "student.csv", "3 rows", "too few");
    assertExistingUntouched();
  }

  @Test
  void threeRowsSplitLikeScikitLearn() throws IOException {
    // train_test_split(3 rows, test_size=0.2) keeps ceil(0.6) = 1 row for testing and trains on 2: valid.
    csv("student.csv", "study_hours,sleep_hours,result\n8,7,1\n3,5,0\n6,8,1\n");
    Path out = dir.resolve("three.nnw");
    Run r = run("train", write(dir.resolve("student.nn"), Cli.studentModel()), "-o", out);
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.out().contains("3 rows: 2 for training, 0 for validation, 1 for testing"), r.describe());
  }

  @Test
  void rowWithTooFewCells() throws IOException {
    csv("student.csv", Cli.studentCsv().replaceFirst("\\n6,8,1\\n", "\n6,8\n"));
    Run r = trainInto(Cli.studentModel());
    assertOneError(r, 1, "student.csv:4:");
    assertExistingUntouched();
  }

  // ---- the model -------------------------------------------------------------------------------

  @Test
  void unknownActivationIsAModelError() throws IOException {
    Run r = trainInto(studentWith("dense 16 relu", "dense 16 rleu"));
    assertOneError(r, 2, "unknown activation 'rleu' (did you mean 'relu'?)");
    assertCaretDiagnostic(r, dir.resolve("student.nn"));
    assertEquals(dir.resolve("student.nn") + ":13:14: error: unknown activation 'rleu' (did you mean 'relu'?)",
        r.err().lines().findFirst().orElseThrow(), r.describe());
    assertExistingUntouched();
  }

  @Test
  void syntaxErrorIsAModelError() throws IOException {
    Run r = trainInto(studentWith("    dense 1 sigmoid\n}", "    dense 1 sigmoid\n"));
    assertOneError(r, 2);
    assertCaretDiagnostic(r, dir.resolve("student.nn"));
    assertExistingUntouched();
  }

  @Test
  void shapeErrorIsAModelError() throws IOException {
    Run r = trainInto(studentWith("dense 1 sigmoid", "dense 1 softmax"));
    assertOneError(r, 2, "softmax");
    assertCaretDiagnostic(r, dir.resolve("student.nn"));
    assertExistingUntouched();
  }

  @Test
  void labelAlsoAFeatureIsAModelError() throws IOException {
    Run r = trainInto(studentWith("features study_hours, sleep_hours", "features study_hours, result"));
    assertOneError(r, 2, "result");
    assertCaretDiagnostic(r, dir.resolve("student.nn"));
    assertExistingUntouched();
  }

  @Test
  void batchZeroIsAModelError() throws IOException {
    Run r = trainInto(studentWith("batch 2", "batch 0"));
    assertOneError(r, 2, "batch size");
    assertCaretDiagnostic(r, dir.resolve("student.nn"));
    assertExistingUntouched();
  }

  @Test
  void modelErrorsFromEveryCommand() throws IOException {
    Path bad = write(dir.resolve("bad.nn"), studentWith("dense 16 relu", "dense 16 rleu"));
    for (Run r : new Run[] {
        run("check", bad),
        run("compile", bad, "-o", dir.resolve("gen")),
        run("eval", bad, "-w", existing),
        run("predict", bad, "-w", existing, "-i", "6,7")}) {
      assertOneError(r, 2, "rleu");
      assertCaretDiagnostic(r, bad);
    }
    assertTrue(!Files.exists(dir.resolve("gen")) || isEmptyTree(dir.resolve("gen")), "compile wrote output for a bad model");
  }

  private static boolean isEmptyTree(Path folder) throws IOException {
    try (var files = Files.walk(folder)) {
      return files.noneMatch(Files::isRegularFile);
    }
  }

  @Test
  void trainingThatDivergesFailsWithoutSaving() throws IOException {
    Run r = trainInto(studentWith("optimizer adam(lr = 0.01)", "optimizer sgd(lr = 1e30)"));
    assertOneError(r, 1, "diverged");
    assertExistingUntouched();
  }

  @Test
  void trainRefusesToOverwriteTheModelOrItsData() throws IOException {
    Path model = dir.resolve("student.nn");
    byte[] modelBytes = Files.readAllBytes(model);
    Run r = run("train", model, "-o", model);
    assertOneError(r, 1, "not an nnc weights file");
    assertArrayEquals(modelBytes, Files.readAllBytes(model), "train overwrote the model file");

    Path data = dir.resolve("data").resolve("student.csv");
    byte[] dataBytes = Files.readAllBytes(data);
    Run d = run("train", model, "-o", data);
    assertOneError(d, 1, "not an nnc weights file");
    assertArrayEquals(dataBytes, Files.readAllBytes(data), "train overwrote the data file");
  }

  @Test
  void trainIntoAFolderFailsBeforeTraining() throws IOException {
    Path model = dir.resolve("student.nn");
    Run r = run("train", model, "-o", dir.resolve("data"));
    assertOneError(r, 1, "directory");
    assertTrue(!r.out().contains("Epoch"), "trained before noticing the output is a folder:\n" + r.describe());
  }

  // ---- weights ---------------------------------------------------------------------------------

  private Path otherModelWeights() throws IOException {
    Path other = write(dir.resolve("other.nn"), studentWith("model StudentPerformance", "model Other")
        .replace("dense 16 relu", "dense 8 relu"));
    Path weights = dir.resolve("other.nnw");
    Run r = run("train", other, "-o", weights);
    assertEquals(0, r.code(), r.describe());
    return weights;
  }

  @Test
  void weightsOfAnotherModelNameBothModels() throws IOException {
    Path weights = otherModelWeights();
    Path model = dir.resolve("student.nn");
    for (Run r : new Run[] {run("predict", model, "-w", weights, "-i", "6,7"), run("eval", model, "-w", weights),
        run("export", model, "-w", weights, "-o", dir.resolve("out"))}) {
      assertOneError(r, 1, "other.nnw", "'Other'", "'StudentPerformance'");
    }
  }

  @Test
  void truncatedWeights() throws IOException {
    Path truncated = dir.resolve("truncated.nnw");
    Files.write(truncated, Arrays.copyOf(trainedBytes, trainedBytes.length / 2));
    Path model = dir.resolve("student.nn");
    assertOneError(run("predict", model, "-w", truncated, "-i", "6,7"), 1, "truncated.nnw", "truncated");
    assertOneError(run("eval", model, "-w", truncated), 1, "truncated.nnw", "truncated");
    Files.write(truncated, Arrays.copyOf(trainedBytes, 3));
    assertOneError(run("eval", model, "-w", truncated), 1, "truncated.nnw");
    Files.write(truncated, new byte[0]);
    assertOneError(run("eval", model, "-w", truncated), 1, "truncated.nnw");
  }

  @Test
  void corruptedWeights() throws IOException {
    Path model = dir.resolve("student.nn");
    // A byte among the parameters, one in the header, and the checksum itself.
    for (int offset : new int[] {trainedBytes.length - 20, 6, trainedBytes.length - 1}) {
      byte[] bytes = trainedBytes.clone();
      bytes[offset] ^= 0x5a;
      Path corrupted = dir.resolve("corrupted.nnw");
      Files.write(corrupted, bytes);
      Run r = run("predict", model, "-w", corrupted, "-i", "6,7");
      assertOneError(r, 1, "corrupted.nnw");
      assertOneError(run("eval", model, "-w", corrupted), 1, "corrupted.nnw");
    }
  }

  @Test
  void notAWeightsFileAtAll() throws IOException {
    Path model = dir.resolve("student.nn");
    assertOneError(run("eval", model, "-w", model), 1, "student.nn");
    assertOneError(run("eval", model, "-w", dir.resolve("missing.nnw")), 1, "missing.nnw");
    assertOneError(run("eval", model, "-w", dir.resolve("data")), 1, "data");
  }

  // ---- the command line ------------------------------------------------------------------------

  @Test
  void badExportOptionsNameTheOptionAndWriteNothing() throws IOException {
    Path model = dir.resolve("student.nn");
    Path out = dir.resolve("out");
    assertOneError(run("export", model, "-w", trained, "--class", "class", "-o", out), 2, "--class", "'class'");
    assertOneError(run("export", model, "-w", trained, "--class", "Two Words", "-o", out), 2, "--class");
    // valid Java, but the classifier's code calls Math.max and declares FloatVector variables
    assertOneError(run("export", model, "-w", trained, "--class", "Math", "-o", out), 2, "--class", "'Math'", "hide");
    assertOneError(run("export", model, "-w", trained, "--class", "FloatVector", "--vector", "preferred", "-o", out), 2,
        "--class", "'FloatVector'");
    assertOneError(run("export", model, "-w", trained, "--package", "com..x", "-o", out), 2, "--package", "'com..x'");
    assertOneError(run("export", model, "-w", trained, "--vector", "1024", "-o", out), 2, "--vector", "'1024'");
    assertOneError(run("export", model, "-w", trained, "--format", "xml", "-o", out), 2, "--format", "'xml'");
    assertOneError(run("export", model, "-w", dir.resolve("missing.nnw"), "-o", out), 1, "missing.nnw");
    assertFalse(Files.exists(out), "a failed export created " + out);
    assertOneError(run("export", model, "-w", trained, "-o", existing), 1, "existing.nnw", "not a directory");
    assertExistingUntouched();
  }

  @Test
  void badPredictInput() {
    Path model = dir.resolve("student.nn");
    assertOneError(run("predict", model, "-w", trained, "-i", "6"), 2, "--input", "1 value", "2");
    assertOneError(run("predict", model, "-w", trained, "-i", "6,7,8"), 2, "--input", "3 values");
    assertOneError(run("predict", model, "-w", trained, "-i", "6,x"), 2, "--input", "'x'");
    assertOneError(run("predict", model, "-w", trained, "-i", "6,"), 2, "--input");
    assertOneError(run("predict", model, "-w", trained, "-i", "6,NaN"), 2, "--input");
    assertOneError(run("predict", model, "-w", trained, "-i", "6,1e999"), 2, "--input");
  }

  @Test
  void missingModelFile() {
    Path missing = dir.resolve("nothere.nn");
    assertOneError(run("train", missing, "-o", existing), 2, "nothere.nn", "no such file");
    assertOneError(run("check", missing), 2, "nothere.nn");
    assertOneError(run("compile", missing, "-o", dir.resolve("gen")), 2, "nothere.nn");
    assertOneError(run("eval", missing, "-w", trained), 2, "nothere.nn");
    assertOneError(run("predict", missing, "-w", trained, "-i", "6,7"), 2, "nothere.nn");
    assertOneError(run("check", dir.resolve("data")), 2, "directory");
  }

  @Test
  void modelFileThatIsNotUtf8() throws IOException {
    Path binary = dir.resolve("binary.nn");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    assertOneError(run("check", binary), 2, "binary.nn");
  }

  @Test
  void unknownOptionShowsUsage() throws IOException {
    Run r = run("train", dir.resolve("student.nn"), "--bogus");
    assertEquals(2, r.code(), r.describe());
    assertTrue(r.err().contains("Unknown option: '--bogus'"), r.describe());
    assertTrue(r.err().contains("Usage:"), r.describe());
    assertNoStackTrace(r);
    assertExistingUntouched();
  }

  @Test
  void otherCommandLineMistakes() {
    Path model = dir.resolve("student.nn");
    for (Run r : new Run[] {
        run(), run("frobnicate"), run("predict", model, "-i", "6,7"), run("compile", model),
        run("train", model, "--vector", "7"), run("train", model, "--package", "not a package"), run("check")}) {
      assertEquals(2, r.code(), r.describe());
      assertNoStackTrace(r);
      assertTrue(!r.err().isBlank(), r.describe());
    }
  }
}
