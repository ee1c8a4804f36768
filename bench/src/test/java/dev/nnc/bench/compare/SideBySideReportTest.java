package dev.nnc.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SideBySide report} over rounds written by hand: nnc's figure is the median of every iteration
 * of every round, ORT's the median of its rounds, PyTorch's the best of all its runs, and each target is
 * also computed round by round from that round's figures alone.
 */
class SideBySideReportTest {

  @TempDir
  Path dir;

  @Test
  void poolsTheRoundsAndGivesEachTargetRoundByRound() throws Exception {
    round(1, "100 110 120 130", "5000 5000", 20000);
    round(2, "60 70 80 90", "7000 7000", 10000);
    torch("torch-2t-a1.txt", 40);
    torch("torch-2t-b1.txt", 50);
    torch("torch-2t-a2.txt", 30);
    torch("torch-2t-b2.txt", 25);
    torch("torch-1t-1.txt", 20);
    torch("torch-1t-2.txt", 10);

    String table = report();

    // nnc 2t pooled: the median of 60..130 is 95; PyTorch 2t: the best run, 50; round by round 115 / 50, 75 / 30
    assertTrue(table.contains("- W3 training step ≥ 3× PyTorch (2 threads) samples/s: 1.90× → **not met** "
        + "(round by round: 2.30, 2.50)"), table);
    // nnc 2t predict pooled 6000 ns against ORT's median of rounds, 15000; round by round 5000 / 20000, 7000 / 10000
    assertTrue(table.contains("- W3 single-sample predict ≤ 0.25× ONNX Runtime (2 threads) latency: 0.40× ORT's "
        + "latency → **not met** (round by round: 0.25, 0.70)"), table);
    // one thread: nnc 1t is 40 in both rounds, so two threads give 95 / 40 pooled, 115 / 40 and 75 / 40 by round
    assertTrue(table.contains("- W3 training step, 2 threads ≥ 1.7× 1 thread: 2.38× → **met** "
        + "(round by round: 2.88, 1.88)"), table);
    assertTrue(table.contains("| W3 | training step, batch 64 (fwd+bwd+Adam) | samples/s | 95 | 40 | — | 50 | — |"),
        table);
    assertTrue(table.contains("W3 training step, batch 64 (fwd+bwd+Adam), nnc 2t, each JVM's median: 115, 75"), table);
    assertTrue(table.contains("- 2 rounds, each running PyTorch"), table);
    assertTrue(table.contains("round 1: two cores; round 2: two cores"), table);
  }

  @Test
  void aMissingRoundIsSaidNotGuessed() throws Exception {
    torch("torch-2t-a1.txt", 40);
    String table = report();
    assertTrue(table.contains("nnc and ONNX Runtime: no results"), table);
    assertTrue(table.contains("- W3 training step ≥ 3× PyTorch (2 threads) samples/s: not measured"), table);
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, SideBySide.Run.median(List.of(4.0, 1.0, 3.0, 2.0)));
    assertEquals(3.0, SideBySide.Run.median(List.of(5.0, 3.0, 1.0)));
  }

  private void round(int number, String nncTrain, String nncPredict, double ortPredict) throws IOException {
    String text = "# round " + number + "\n"
        + "value\tnnc 2t\tW3.train\t" + nncTrain + "\n"
        + "value\tnnc 1t\tW3.train\t40 40\n"
        + "value\tnnc 2t\tW3.predict\t" + nncPredict + "\n"
        + "value\tORT 2t\tW3.predict\t" + ortPredict + "\n"
        + "ort\t1.29.0\n"
        + "jvm\tW3 training step, batch 64 (fwd+bwd+Adam), nnc 2t\t" + (number == 1 ? "115" : "75") + "\n"
        + "cores\tround " + number + ": two cores\n";
    Files.writeString(dir.resolve("round-" + number + ".tsv"), text);
  }

  private void torch(String file, double train) throws IOException {
    Files.writeString(dir.resolve(file), "# torch_bench.py\nthreads 2\nW3.train " + train + "\n");
  }

  /** The report's stdout (the table), with the JVM's own stdout put back afterwards. */
  private String report() throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      new SideBySide.Run(dir, false).report();
    } finally {
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
