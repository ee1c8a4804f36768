package dev.nnc.runtime.metrics;

import java.util.ArrayList;
import java.util.List;

/** Counts of (actual class, predicted class) pairs; rows are actual, columns are predicted. */
public final class ConfusionMatrix {

  private static final String CORNER = "actual \\ predicted";

  private final int classes;
  private final long[] counts;

  /** An empty matrix for {@code classes} classes, at least 1. */
  public ConfusionMatrix(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("a confusion matrix needs at least 1 class, got " + classes);
    }
    this.classes = classes;
    this.counts = new long[classes * classes];
  }

  /**
   * A matrix of {@code actual.length} samples: class indices, with actual classes given as floats as
   * a {@link dev.nnc.runtime.data.Dataset} stores its targets.
   */
  public static ConfusionMatrix of(int classes, float[] actual, int[] predicted) {
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException(
          actual.length + " actual classes but " + predicted.length + " predictions");
    }
    ConfusionMatrix matrix = new ConfusionMatrix(classes);
    for (int i = 0; i < predicted.length; i++) {
      matrix.add((int) actual[i], predicted[i]);
    }
    return matrix;
  }

  /** Counts one sample. */
  public void add(int actual, int predicted) {
    if (actual < 0 || actual >= classes || predicted < 0 || predicted >= classes) {
      throw new IllegalArgumentException("class pair (" + actual + ", " + predicted
          + ") is outside 0.." + (classes - 1));
    }
    counts[actual * classes + predicted]++;
  }

  /** Number of classes. */
  public int classes() {
    return classes;
  }

  /** Samples of class {@code actual} predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    return counts[actual * classes + predicted];
  }

  /** Samples whose actual class is {@code c} (its support). */
  public long actualCount(int c) {
    long sum = 0;
    for (int p = 0; p < classes; p++) {
      sum += count(c, p);
    }
    return sum;
  }

  /** Samples predicted as class {@code c}. */
  public long predictedCount(int c) {
    long sum = 0;
    for (int a = 0; a < classes; a++) {
      sum += count(a, c);
    }
    return sum;
  }

  /** All samples counted. */
  public long total() {
    long sum = 0;
    for (long count : counts) {
      sum += count;
    }
    return sum;
  }

  /** Samples on the diagonal. */
  public long correct() {
    long sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += count(c, c);
    }
    return sum;
  }

  /**
   * The matrix as an aligned text table: a header line of predicted class names under
   * {@code actual \ predicted}, then one line per actual class. Lines end with {@code \n}.
   */
  public String format(List<String> classNames) {
    if (classNames.size() != classes) {
      throw new IllegalArgumentException(
          classNames.size() + " class names for " + classes + " classes");
    }
    int labelWidth = CORNER.length();
    for (String name : classNames) {
      labelWidth = Math.max(labelWidth, name.length());
    }
    List<Integer> widths = new ArrayList<>();
    for (int p = 0; p < classes; p++) {
      int width = classNames.get(p).length();
      for (int a = 0; a < classes; a++) {
        width = Math.max(width, Long.toString(count(a, p)).length());
      }
      widths.add(width);
    }
    StringBuilder text = new StringBuilder();
    text.append(padRight(CORNER, labelWidth));
    for (int p = 0; p < classes; p++) {
      text.append("  ").append(padLeft(classNames.get(p), widths.get(p)));
    }
    text.append('\n');
    for (int a = 0; a < classes; a++) {
      text.append(padRight(classNames.get(a), labelWidth));
      for (int p = 0; p < classes; p++) {
        text.append("  ").append(padLeft(Long.toString(count(a, p)), widths.get(p)));
      }
      text.append('\n');
    }
    return text.toString();
  }

  static String padLeft(String text, int width) {
    return " ".repeat(Math.max(0, width - text.length())) + text;
  }

  static String padRight(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
