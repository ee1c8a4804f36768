package dev.nnc.cli;

import dev.nnc.cli.run.Outcome;
import dev.nnc.cli.run.RunDirectory;
import dev.nnc.compiler.ir.LossKind;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.metrics.ClassificationMetrics;
import dev.nnc.runtime.metrics.ConfusionMatrix;
import dev.nnc.runtime.metrics.Predictions;
import dev.nnc.runtime.metrics.RegressionMetrics;
import dev.nnc.runtime.train.Trainer;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints how a trained network does on a data set, and what it says about single samples. */
final class Evaluation {

  private Evaluation() {}

  /**
   * Prints the metrics of {@code net} on {@code data}, in the cheat sheet's layout for binary models,
   * and returns them for the run directory.
   *
   * @param split what {@code data} is, e.g. {@code test}
   */
  static Outcome.Evaluated report(ModelSpec model, Network net, Dataset data, String split, List<String> classNames,
      PrintStream out) {
    net.setTraining(false);
    float[] outputs = new float[data.rows() * net.outputSize()];
    Double loss = RunDirectory.jsonNumber(Trainer.evaluate(net, data, outputs).loss());
    LossKind kind = model.train().loss();
    if (kind.regression()) {
      RegressionMetrics metrics = RegressionMetrics.of(outputs, data.targets(), data.rows());
      out.printf(Locale.ROOT, "MSE: %.4f%nMAE: %.4f%nR²:  %.4f%n", metrics.mse(), metrics.mae(), metrics.r2());
      return new Outcome.Evaluated(split, data.rows(), loss, null, null, null, null, null, null,
          metrics.mse(), metrics.mae(), metrics.r2());
    }
    int classes = kind == LossKind.BCE ? 2 : net.outputSize();
    int[] predicted = kind == LossKind.BCE
        ? Predictions.threshold(outputs, data.rows(), 0.5f)
        : Predictions.argmax(outputs, data.rows(), net.outputSize());
    ConfusionMatrix matrix = ConfusionMatrix.of(classes, data.targets(), predicted);
    ClassificationMetrics metrics = ClassificationMetrics.of(matrix);
    if (metrics.isBinary()) {
      out.printf(Locale.ROOT, "Accuracy:  %.4f%nPrecision: %.4f%nRecall:    %.4f%nF1 Score:  %.4f%n",
          metrics.accuracy(), metrics.positivePrecision(), metrics.positiveRecall(), metrics.positiveF1());
    } else {
      out.print(metrics.report(classNames));
    }
    out.println();
    out.println("Confusion matrix:");
    out.print(matrix.format(classNames));

    List<Outcome.ClassScore> scores = new java.util.ArrayList<>();
    long[][] confusion = new long[classes][classes];
    for (int c = 0; c < classes; c++) {
      scores.add(new Outcome.ClassScore(c < classNames.size() ? classNames.get(c) : Integer.toString(c),
          metrics.precision(c), metrics.recall(c), metrics.f1(c), metrics.support(c)));
      for (int p = 0; p < classes; p++) {
        confusion[c][p] = matrix.count(c, p);
      }
    }
    boolean binary = metrics.isBinary();
    return new Outcome.Evaluated(split, data.rows(), loss, metrics.accuracy(),
        binary ? metrics.positivePrecision() : metrics.macroPrecision(),
        binary ? metrics.positiveRecall() : metrics.macroRecall(),
        binary ? metrics.positiveF1() : metrics.macroF1(), scores, confusion, null, null, null);
  }

  /** "Pass (0.8765)", "setosa (0.9712)" or "3.1415": what the network says about one scaled sample. */
  static String describePrediction(ModelSpec model, Network net, float[] scaledSample, List<String> classNames) {
    net.setTraining(false);
    float[] output = new float[net.outputSize()];
    net.predict(scaledSample, output);
    LossKind loss = model.train() == null ? LossKind.MSE : model.train().loss();
    return switch (loss) {
      case BCE -> String.format(Locale.ROOT, "%s (%.4f)", classNames.get(output[0] >= 0.5f ? 1 : 0), output[0]);
      case CROSS_ENTROPY -> {
        float[] probabilities = output.clone();
        if (model.outputActivation() != dev.nnc.compiler.ir.Activation.SOFTMAX) {
          softmax(probabilities);
        }
        int best = Predictions.argmax(probabilities, 1, probabilities.length)[0];
        yield String.format(Locale.ROOT, "%s (%.4f)", classNames.get(best), probabilities[best]);
      }
      case MSE, MAE, HUBER -> String.format(Locale.ROOT, "%.4f", output[0]);
    };
  }

  private static void softmax(float[] z) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) Math.exp(z[i] - max);
      sum += z[i];
    }
    for (int i = 0; i < z.length; i++) {
      z[i] /= (float) sum;
    }
  }

  /** Class names for display: the data's, else "0", "1", ... */
  static List<String> classNames(ModelSpec model, Dataset data, int outputSize) {
    if (data != null && !data.classNames().isEmpty()) {
      return data.classNames();
    }
    if (model.data() != null && !model.data().classes().isEmpty()) {
      return model.data().classes();
    }
    int classes = model.train() != null && model.train().loss() == LossKind.BCE ? 2 : outputSize;
    return java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
  }

  /** The model summary: every layer with its output shape and parameter count. */
  static void summary(ModelSpec model, PrintStream out) {
    out.printf(Locale.ROOT, "Model: %s%n", model.name());
    out.printf(Locale.ROOT, "  %-22s %-14s %10s%n", "layer", "output shape", "parameters");
    for (var layer : model.layers()) {
      out.printf(Locale.ROOT, "  %-22s %-14s %,10d%n", layer.describe(), layer.outputShape(), layer.parameterCount());
    }
    out.printf(Locale.ROOT, "  total parameters: %,d%n", model.parameterCount());
  }
}
