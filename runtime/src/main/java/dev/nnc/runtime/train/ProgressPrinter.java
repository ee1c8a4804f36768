package dev.nnc.runtime.train;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints training progress. On a terminal, each epoch has one line that is redrawn with {@code \r} as
 * the epoch runs and then replaced by the epoch's summary:
 *
 * <pre>
 * Epoch [3/15] [========>           ]  42% 12,345 samples/s loss 0.4123 ETA 0:07
 * Epoch [3/15], Loss: 0.4123, Val Loss: 0.4500, Val Accuracy: 0.8700, LR: 0.001, 4.2s
 * </pre>
 *
 * <p>The summary reads like the cheat sheet's PyTorch loop. Elsewhere (a file, a pipe, CI logs) only
 * the summary lines are printed, without {@code \r} or escape sequences. With {@code every > 1} only
 * every so many epochs (and the last) keep a summary line. Redraws happen at most every 100 ms, so
 * the per-batch callback costs a clock read.
 */
public final class ProgressPrinter implements TrainingListener {

  private static final long REDRAW_INTERVAL_NANOS = 100_000_000L;
  private static final int BAR_WIDTH = 20;

  private final PrintWriter out;
  private final boolean terminal;
  private final int every;
  private final LongSupplier clock;
  private TrainingPlan plan;
  private String epochLabel = "";
  private long epochStart;
  private long lastDraw;
  private int drawnLength;

  /**
   * @param terminal whether {@code out} is an interactive terminal, e.g. {@code System.console() != null};
   *     decides between a live progress line and plain summary lines
   */
  public ProgressPrinter(PrintWriter out, boolean terminal) {
    this(out, terminal, 1, System::nanoTime);
  }

  /** A summary line only every {@code every} epochs and for the last one. */
  public ProgressPrinter(PrintWriter out, boolean terminal, int every) {
    this(out, terminal, every, System::nanoTime);
  }

  /** As {@link #ProgressPrinter(PrintWriter, boolean)}, for a stream such as {@code System.out}. */
  public ProgressPrinter(PrintStream out, boolean terminal) {
    this(new PrintWriter(out, false), terminal);
  }

  /** @param clock nanoseconds, as {@link System#nanoTime}; tests pass a fake one */
  ProgressPrinter(PrintWriter out, boolean terminal, LongSupplier clock) {
    this(out, terminal, 1, clock);
  }

  private ProgressPrinter(PrintWriter out, boolean terminal, int every, LongSupplier clock) {
    if (every < 1) {
      throw new IllegalArgumentException("every must be at least 1: " + every);
    }
    this.out = out;
    this.terminal = terminal;
    this.every = every;
    this.clock = clock;
  }

  @Override
  public void onTrainingStart(TrainingPlan plan) {
    this.plan = plan;
  }

  @Override
  public void onEpochStart(int epoch, double learningRate) {
    int digits = String.valueOf(plan.epochs()).length();
    epochLabel = String.format(Locale.ROOT, "Epoch [%d/%d]", epoch, plan.epochs());
    epochStart = clock.getAsLong();
    lastDraw = epochStart;
    drawnLength = 0;
    if (terminal) {
      draw(progressLine(0, Float.NaN, 0));
    }
  }

  @Override
  public void onBatchEnd(int batch, int samples, float meanLoss) {
    if (!terminal) {
      return;
    }
    long now = clock.getAsLong();
    if (now - lastDraw < REDRAW_INTERVAL_NANOS) {
      return;
    }
    lastDraw = now;
    draw(progressLine(samples, meanLoss, now - epochStart));
  }

  @Override
  public void onEpochEnd(EpochResult result) {
    if (result.epoch() % every != 0 && result.epoch() != plan.epochs()) {
      if (terminal) {
        draw("");
        out.print('\r');
      }
      drawnLength = 0;
      out.flush();
      return;
    }
    String summary = summaryLine(result);
    if (terminal) {
      draw(summary);
      out.print('\n');
    } else {
      out.print(summary + "\n");
    }
    drawnLength = 0;
    out.flush();
  }

  @Override
  public void onTrainingEnd(TrainingHistory history) {
    if (history.stoppedEpoch() > 0) {
      out.print("Early stopping after epoch " + history.stoppedEpoch() + "\n");
    }
    if (history.restoredEpoch() > 0) {
      out.print("Restored the weights of epoch " + history.restoredEpoch() + ", the best one\n");
    }
    out.flush();
  }

  /** Overwrites the current line, padding with spaces where the previous text was longer. */
  private void draw(String line) {
    StringBuilder text = new StringBuilder(line.length() + 16).append('\r').append(line);
    for (int i = line.length(); i < drawnLength; i++) {
      text.append(' ');
    }
    drawnLength = line.length();
    out.print(text);
    out.flush();
  }

  String progressLine(int samples, float meanLoss, long elapsedNanos) {
    int total = plan.samplesPerEpoch();
    double fraction = total == 0 ? 1 : (double) samples / total;
    int filled = (int) (fraction * BAR_WIDTH);
    StringBuilder bar = new StringBuilder(BAR_WIDTH + 2).append('[');
    for (int i = 0; i < BAR_WIDTH; i++) {
      bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
    }
    bar.append(']');
    StringBuilder line = new StringBuilder(epochLabel).append(' ').append(bar)
        .append(String.format(Locale.ROOT, " %3d%%", (int) (fraction * 100)));
    if (samples > 0 && elapsedNanos > 0) {
      double seconds = elapsedNanos / 1e9;
      double rate = samples / seconds;
      line.append(String.format(Locale.ROOT, " %,d samples/s loss %.4f ETA %s", Math.round(rate),
          meanLoss, clockTime((total - samples) / rate)));
    }
    return line.toString();
  }

  String summaryLine(EpochResult result) {
    StringBuilder line = new StringBuilder(epochLabel).append(", Loss: ")
        .append(String.format(Locale.ROOT, "%.4f", result.trainLoss()));
    if (result.penalty() != 0) {
      line.append(String.format(Locale.ROOT, " (+ penalty %.4f)", result.penalty()));
    }
    if (plan.validation()) {
      line.append(String.format(Locale.ROOT, ", Val Loss: %.4f", result.validationLoss()));
    }
    if (plan.accuracy()) {
      line.append(String.format(Locale.ROOT, ", Val Accuracy: %.4f", result.validationAccuracy()));
    }
    return line.append(", LR: ").append(learningRate(result.learningRate())).append(", ")
        .append(duration(result.seconds())).toString();
  }

  /** Four significant digits as Python prints floats: 0.001, 0.0005, 1e-05, 2.5e-06. */
  static String learningRate(double rate) {
    if (rate == 0 || !Double.isFinite(rate)) {
      return rate == 0 ? "0" : String.valueOf(rate);
    }
    BigDecimal rounded = new BigDecimal(rate).round(new MathContext(4)).stripTrailingZeros();
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent >= -4 && exponent < 16) {
      return rounded.toPlainString();
    }
    String digits = rounded.unscaledValue().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d",
        Math.abs(exponent));
  }

  /** An epoch's duration: {@code 4.2s} below a minute, {@code 1:05} above. */
  static String duration(double seconds) {
    return seconds < 60 ? String.format(Locale.ROOT, "%.1fs", seconds) : clockTime(seconds);
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour up. */
  static String clockTime(double seconds) {
    long whole = Math.max(0, Math.round(seconds));
    long hours = whole / 3600;
    long minutes = whole / 60 % 60;
    long secs = whole % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
        : String.format(Locale.ROOT, "%d:%02d", minutes, secs);
  }
}
