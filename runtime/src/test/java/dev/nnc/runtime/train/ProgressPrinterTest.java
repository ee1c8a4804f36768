package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

  private final StringWriter text = new StringWriter();
  private long now;

  private ProgressPrinter printer(boolean terminal) {
    return new ProgressPrinter(new PrintWriter(text), terminal, () -> now);
  }

  private static final EpochResult FIRST = new EpochResult(1, 0.41234f, 0f, Float.NaN, 0.45f, 0.87f, 0.001, 4.2);

  @Test
  void withoutATerminalOnlyPlainSummaryLines() {
    ProgressPrinter printer = printer(false);
    printer.onTrainingStart(new TrainingPlan(1, 3, 30_000, 300, true, true));
    printer.onEpochStart(1, 0.001);
    for (int batch = 1; batch <= 300; batch++) {
      now += 50_000_000L;
      printer.onBatchEnd(batch, batch * 100, 0.5f);
    }
    printer.onEpochEnd(FIRST);
    printer.onEpochStart(2, 0.0005);
    printer.onEpochEnd(new EpochResult(2, 0.3f, 0.0123f, Float.NaN, 0.4f, 0.9f, 0.0005, 75));
    assertEquals("Epoch [1/3], Loss: 0.4123, Val Loss: 0.4500, Val Accuracy: 0.8700, LR: 0.001, 4.2s\n"
        + "Epoch [2/3], Loss: 0.3000 (+ penalty 0.0123), Val Loss: 0.4000, Val Accuracy: 0.9000"
        + ", LR: 0.0005, 1:15\n", text.toString());
    assertFalse(text.toString().contains("\r") || text.toString().contains("\u001b"));
  }

  @Test
  void onATerminalOneLineIsRedrawnAtMostEveryHundredMilliseconds() {
    ProgressPrinter printer = printer(true);
    printer.onTrainingStart(new TrainingPlan(1, 15, 30_000, 300, false, false));
    printer.onEpochStart(3, 0.1);
    String start = "Epoch [3/15] [>                   ]   0%";
    assertEquals("\r" + start, text.toString());
    now = 50_000_000L;
    printer.onBatchEnd(1, 100, 0.9f); // too soon: nothing drawn
    assertEquals("\r" + start, text.toString());
    now = 1_000_000_000L;
    printer.onBatchEnd(124, 12_345, 0.41234f);
    // 12,345 samples in 1 s; 17,655 to go at that rate is 1.4 s
    String progress = "Epoch [3/15] [========>           ]  41% 12,345 samples/s loss 0.4123 ETA 0:01";
    assertEquals("\r" + start + "\r" + progress, text.toString());
    now = 1_050_000_000L;
    printer.onBatchEnd(125, 12_445, 0.4f); // 50 ms after the last redraw: nothing
    printer.onEpochEnd(new EpochResult(3, 0.4f, 0f, Float.NaN, Float.NaN, Float.NaN, 0.1, 2.5));
    String summary = "Epoch [3/15], Loss: 0.4000, LR: 0.1, 2.5s";
    String padding = " ".repeat(progress.length() - summary.length());
    assertEquals("\r" + start + "\r" + progress + "\r" + summary + padding + "\n", text.toString());
  }

  @Test
  void everyTenthEpochAndTheLastKeepASummaryLine() {
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), false, 10);
    printer.onTrainingStart(new TrainingPlan(1, 25, 8, 4, false, false));
    for (int epoch = 1; epoch <= 25; epoch++) {
      printer.onEpochStart(epoch, 0.01);
      printer.onEpochEnd(new EpochResult(epoch, 1f / epoch, 0f, Float.NaN, Float.NaN, Float.NaN, 0.01, 0.01));
    }
    assertEquals("Epoch [10/25], Loss: 0.1000, LR: 0.01, 0.0s\n"
        + "Epoch [20/25], Loss: 0.0500, LR: 0.01, 0.0s\n"
        + "Epoch [25/25], Loss: 0.0400, LR: 0.01, 0.0s\n", text.toString());
  }

  @Test
  void reportsEarlyStoppingAndRestoredWeights() {
    ProgressPrinter printer = printer(false);
    TrainingHistory history = new TrainingHistory();
    history.stoppedEarlyAfter(12);
    history.restoredWeightsOf(9);
    printer.onTrainingEnd(history);
    assertEquals("Early stopping after epoch 12\nRestored the weights of epoch 9, the best one\n",
        text.toString());
  }

  @Test
  void formatsRatesAndTimesAsPeopleReadThem() {
    assertEquals("0.001", ProgressPrinter.learningRate(0.001));
    assertEquals("0.0001", ProgressPrinter.learningRate(1e-4));
    assertEquals("1e-05", ProgressPrinter.learningRate(1e-5));
    assertEquals("2.5e-06", ProgressPrinter.learningRate(2.5e-6));
    assertEquals("0.09755", ProgressPrinter.learningRate(0.09755282581475769));
    assertEquals("0", ProgressPrinter.learningRate(0));
    assertEquals("0.0s", ProgressPrinter.duration(0.04));
    assertEquals("59.9s", ProgressPrinter.duration(59.94));
    assertEquals("1:00", ProgressPrinter.duration(60));
    assertEquals("1:01:05", ProgressPrinter.clockTime(3665));
  }
}
