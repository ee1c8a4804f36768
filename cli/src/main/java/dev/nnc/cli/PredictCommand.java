package dev.nnc.cli;

import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.io.WeightsData;
import dev.nnc.runtime.io.WeightsFile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", description = "Runs a trained model on one sample of raw feature values.")
final class PredictCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model.nn>", description = "The model file.")
  Path file;

  @Option(names = {"-w", "--weights"}, required = true, paramLabel = "<file>", description = "Trained weights.")
  Path weights;

  @Option(names = {"-i", "--input"}, required = true, paramLabel = "<v1,v2,...>",
      description = "The sample's feature values, comma-separated, unscaled.")
  String input;

  @Mixin Options options;

  @Override
  public Integer call() {
    ModelFile modelFile = ModelFile.load(file);
    ModelSpec model = modelFile.model();
    float[] row = parseInput(input, model.inputShape().size());
    Network net = modelFile.instantiate(options.codegen(), 1);
    WeightsData data = WeightsFile.loadInto(net, weights, weights.toString());
    String raw = TrainCommand.describeSample(modelFile.featureNames(), row);
    data.scaler().ifPresent(scaler -> scaler.transformRow(row));
    List<String> classNames = Evaluation.classNames(model, null, net.outputSize());
    spec.commandLine().getOut().printf("Prediction for %s: %s%n", raw,
        Evaluation.describePrediction(model, net, row, classNames));
    return 0;
  }

  static float[] parseInput(String text, int expected) {
    String[] cells = text.split(",", -1);
    if (cells.length != expected) {
      throw new CliException(CliException.MODEL_ERROR, "error: --input has " + cells.length
          + (cells.length == 1 ? " value" : " values") + " but the model takes " + expected);
    }
    float[] row = new float[cells.length];
    for (int i = 0; i < cells.length; i++) {
      try {
        row[i] = Float.parseFloat(cells[i].trim());
      } catch (NumberFormatException e) {
        row[i] = Float.NaN;
      }
      if (!Float.isFinite(row[i]) || cells[i].isBlank()) {
        throw new CliException(CliException.MODEL_ERROR, "error: --input value " + (i + 1) + " ('"
            + cells[i].trim() + "') is not a finite number");
      }
    }
    return row;
  }

  static String format(float v) {
    return v == Math.rint(v) && Math.abs(v) < 1e7 ? Integer.toString((int) v) : Float.toString(v);
  }
}
