package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line overrides, checkpoints and resuming, and a diverging run. */
class TrainingFlagsTest {

  @TempDir Path dir;

  private Path iris() {
    return Cli.modelsDir().resolve("iris.nn");
  }

  @Test
  void overridesReplaceTheFilesSettings() {
    Cli.Run run = Cli.run("train", iris(), "-o", dir.resolve("w.nnw"), "--epochs", "3", "--batch", "8",
        "--lr", "3e-4", "--log-every", "1");
    assertEquals(0, run.code(), run.describe());
    assertTrue(run.out().contains("adam(lr = 3.0E-4"), "the effective settings are shown: " + run.out());
    assertTrue(run.out().contains("3 epochs, batch 8"), run.describe());
    assertTrue(run.out().contains("Epoch [3/3], Loss:"), run.describe());
    assertTrue(run.out().contains("LR: 0.0003"), run.describe());
    assertFalse(run.out().contains("Epoch [4/"), run.describe());
  }

  @Test
  void qualifiedNamesReachTheScheduleAndEarlyStopping() throws IOException {
    Path model = Cli.copyStudent(dir);
    Files.writeString(model, Files.readString(model).replace("    seed 42\n",
        "    seed 42\n    schedule step(step_size = 1)\n"));
    Cli.Run run = Cli.run("train", model, "-o", dir.resolve("w.nnw"), "--set", "epochs=3", "--set", "schedule.gamma=0.5",
        "--set", "shuffle=true");
    assertEquals(0, run.code(), run.describe());
    // lr 0.01 halves after every epoch: epochs 1, 2, 3 run at 0.01, 0.005, 0.0025.
    assertTrue(run.out().contains("Epoch [1/3], Loss:") && run.out().contains("LR: 0.005")
        && run.out().contains("LR: 0.0025"), run.describe());
    assertTrue(run.out().contains(", shuffled"), run.describe());

    Cli.Run noStopping = Cli.run("train", model, "-o", dir.resolve("w.nnw"), "--set", "early_stopping.patience=2");
    assertEquals(2, noStopping.code(), noStopping.describe());
    assertTrue(noStopping.err().contains("the train section has no early_stopping"), noStopping.describe());
  }

  @Test
  void badOverridesAreUsageErrors() {
    for (String[] flag : new String[][] {{"--epochs", "0"}, {"--batch", "-2"}, {"--lr", "0"}, {"--lr", "NaN"}}) {
      Cli.Run run = Cli.run("train", iris(), "-o", dir.resolve("w.nnw"), flag[0], flag[1]);
      assertEquals(2, run.code(), run.describe());
      assertTrue(run.err().startsWith("error: " + flag[0].substring(2)), run.describe());
      assertFalse(Files.exists(dir.resolve("w.nnw")));
    }
  }

  @Test
  void resumingFromACheckpointEndsWithTheSameBitsAsAnUninterruptedRun() throws IOException {
    // Iris shuffles every epoch with Adam: the resumed run must replay both exactly.
    Path straight = dir.resolve("straight.nnw");
    assertEquals(0, Cli.run("train", iris(), "-o", straight, "--checkpoint", dir.resolve("straight.ckpt"),
        "--epochs", "6").code());

    Path resumed = dir.resolve("resumed.nnw");
    Path checkpoint = dir.resolve("resumed.ckpt");
    Cli.Run first = Cli.run("train", iris(), "-o", resumed, "--checkpoint", checkpoint, "--epochs", "3");
    assertEquals(0, first.code(), first.describe());
    Files.delete(resumed);
    Cli.Run second = Cli.run("train", iris(), "-o", resumed, "--checkpoint", checkpoint, "--epochs", "6", "--resume");
    assertEquals(0, second.code(), second.describe());
    assertFalse(second.out().contains("Epoch [1/6]"), "a resumed run starts after its checkpoint: " + second.out());
    assertTrue(second.out().contains("Epoch [4/6]"), second.describe());

    assertArrayEquals(Files.readAllBytes(straight), Files.readAllBytes(resumed));
  }

  @Test
  void resumeWithoutACheckpointIsRefused() {
    Cli.Run run = Cli.run("train", iris(), "-o", dir.resolve("w.nnw"), "--checkpoint", dir.resolve("none.ckpt"),
        "--resume");
    assertEquals(1, run.code(), run.describe());
    assertTrue(run.err().contains("no checkpoint to resume from"), run.describe());
  }

  @Test
  void aDivergingRunStopsWithTheEpochAndBatchAndKeepsTheLastGoodCheckpoint() throws IOException {
    Path weights = dir.resolve("w.nnw");
    Files.write(weights, new byte[] {'N', 'N', 'C', 'W', 1, 2, 3});
    byte[] before = Files.readAllBytes(weights);
    Cli.Run run = Cli.run("train", Cli.modelsDir().resolve("diabetes.nn"), "-o", weights, "--checkpoint",
        dir.resolve("d.ckpt"), "--lr", "1e30", "--log-every", "1");
    assertEquals(1, run.code(), run.describe());
    assertTrue(run.err().matches("(?s).*diverged.*epoch \\d+, batch \\d+.*"), run.describe());
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    assertArrayEquals(before, Files.readAllBytes(weights), "the weights file must be left alone");
  }
}
