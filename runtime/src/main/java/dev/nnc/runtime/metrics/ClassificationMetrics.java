package dev.nnc.runtime.metrics;

import java.util.List;
import java.util.Locale;

/**
 * Accuracy, precision, recall and F1 from a confusion matrix, defined as scikit-learn defines them
 * with {@code zero_division=0}: a ratio whose denominator is zero counts as 0.
 *
 * <p>For two classes the headline figures are those of the positive class (index 1), as sklearn's
 * {@code average='binary'}. Macro averages take the unweighted mean over the classes that occur among
 * the actual or predicted labels (sklearn infers its labels the same way); weighted averages weight
 * each class by its support.
 */
public final class ClassificationMetrics {

  private final ConfusionMatrix matrix;

  private ClassificationMetrics(ConfusionMatrix matrix) {
    this.matrix = matrix;
  }

  /** Metrics of the samples counted in {@code matrix} (later additions are seen too). */
  public static ClassificationMetrics of(ConfusionMatrix matrix) {
    return new ClassificationMetrics(matrix);
  }

  /** The underlying counts. */
  public ConfusionMatrix matrix() {
    return matrix;
  }

  /** True for two classes, where the positive class is index 1. */
  public boolean isBinary() {
    return matrix.classes() == 2;
  }

  /** Fraction of samples predicted correctly; NaN if there are none. */
  public double accuracy() {
    long total = matrix.total();
    return total == 0 ? Double.NaN : (double) matrix.correct() / total;
  }

  /** Of the samples predicted as {@code c}, the fraction that are {@code c}. */
  public double precision(int c) {
    return ratio(matrix.count(c, c), matrix.predictedCount(c));
  }

  /** Of the samples that are {@code c}, the fraction predicted as {@code c}. */
  public double recall(int c) {
    return ratio(matrix.count(c, c), matrix.actualCount(c));
  }

  /** Harmonic mean of precision and recall of {@code c}: 2tp / (2tp + fp + fn). */
  public double f1(int c) {
    long truePositives = matrix.count(c, c);
    long falsePositives = matrix.predictedCount(c) - truePositives;
    long falseNegatives = matrix.actualCount(c) - truePositives;
    return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
  }

  /** Number of samples whose actual class is {@code c}. */
  public long support(int c) {
    return matrix.actualCount(c);
  }

  /** Precision of the positive class (index 1) of a binary problem. */
  public double positivePrecision() {
    requireBinary();
    return precision(1);
  }

  /** Recall of the positive class (index 1) of a binary problem. */
  public double positiveRecall() {
    requireBinary();
    return recall(1);
  }

  /** F1 of the positive class (index 1) of a binary problem. */
  public double positiveF1() {
    requireBinary();
    return f1(1);
  }

  /** Unweighted mean precision over the classes present. */
  public double macroPrecision() {
    return macro(Measure.PRECISION);
  }

  /** Unweighted mean recall over the classes present. */
  public double macroRecall() {
    return macro(Measure.RECALL);
  }

  /** Unweighted mean F1 over the classes present. */
  public double macroF1() {
    return macro(Measure.F1);
  }

  /** Support-weighted mean precision. */
  public double weightedPrecision() {
    return weighted(Measure.PRECISION);
  }

  /** Support-weighted mean recall. */
  public double weightedRecall() {
    return weighted(Measure.RECALL);
  }

  /** Support-weighted mean F1. */
  public double weightedF1() {
    return weighted(Measure.F1);
  }

  /**
   * A per-class table in the layout of sklearn's {@code classification_report} (4 decimals), with
   * accuracy and the macro and weighted averages. Lines end with {@code \n}.
   */
  public String report(List<String> classNames) {
    if (classNames.size() != matrix.classes()) {
      throw new IllegalArgumentException(
          classNames.size() + " class names for " + matrix.classes() + " classes");
    }
    int labelWidth = "weighted avg".length();
    for (String name : classNames) {
      labelWidth = Math.max(labelWidth, name.length());
    }
    StringBuilder text = new StringBuilder();
    text.append(ConfusionMatrix.padRight("", labelWidth))
        .append(String.format(Locale.ROOT, "  %9s  %9s  %9s  %9s", "precision", "recall", "f1-score",
            "support"))
        .append('\n');
    for (int c = 0; c < matrix.classes(); c++) {
      appendRow(text, classNames.get(c), labelWidth, precision(c), recall(c), f1(c), support(c));
    }
    text.append('\n');
    text.append(ConfusionMatrix.padRight("accuracy", labelWidth))
        .append(String.format(Locale.ROOT, "  %9s  %9s  %9.4f  %9d", "", "", accuracy(), matrix.total()))
        .append('\n');
    appendRow(text, "macro avg", labelWidth, macroPrecision(), macroRecall(), macroF1(), matrix.total());
    appendRow(text, "weighted avg", labelWidth, weightedPrecision(), weightedRecall(), weightedF1(),
        matrix.total());
    return text.toString();
  }

  private static void appendRow(StringBuilder text, String label, int labelWidth, double precision,
      double recall, double f1, long support) {
    text.append(ConfusionMatrix.padRight(label, labelWidth))
        .append(String.format(Locale.ROOT, "  %9.4f  %9.4f  %9.4f  %9d", precision, recall, f1, support))
        .append('\n');
  }

  private enum Measure {
    PRECISION,
    RECALL,
    F1
  }

  private double measure(Measure measure, int c) {
    return switch (measure) {
      case PRECISION -> precision(c);
      case RECALL -> recall(c);
      case F1 -> f1(c);
    };
  }

  private double macro(Measure measure) {
    double sum = 0;
    int present = 0;
    for (int c = 0; c < matrix.classes(); c++) {
      if (matrix.actualCount(c) > 0 || matrix.predictedCount(c) > 0) {
        sum += measure(measure, c);
        present++;
      }
    }
    return present == 0 ? 0 : sum / present;
  }

  private double weighted(Measure measure) {
    double sum = 0;
    long total = matrix.total();
    for (int c = 0; c < matrix.classes(); c++) {
      sum += measure(measure, c) * matrix.actualCount(c);
    }
    return total == 0 ? 0 : sum / total;
  }

  private void requireBinary() {
    if (!isBinary()) {
      throw new IllegalStateException(
          "positive-class metrics need 2 classes, this matrix has " + matrix.classes());
    }
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }
}
