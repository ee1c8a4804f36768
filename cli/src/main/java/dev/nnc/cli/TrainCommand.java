package dev.nnc.cli;

import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.compiler.ir.OptimizerSpec;
import dev.nnc.compiler.ir.TrainSpec;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.io.WeightsData;
import dev.nnc.runtime.io.WeightsFile;
import dev.nnc.runtime.optim.Adam;
import dev.nnc.runtime.optim.Optimizer;
import dev.nnc.runtime.optim.RmsProp;
import dev.nnc.runtime.optim.Sgd;
import dev.nnc.runtime.train.Initializer;
import dev.nnc.runtime.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "train", description = "Generates, compiles and trains a model, evaluates it and saves its weights.")
final class TrainCommand implements Callable<Integer> {

  /** The loss is printed every this many epochs, as in the cheat sheet. */
  static final int REPORT_EVERY = 10;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model.nn>", description = "The model file.")
  Path file;

  @Option(names = {"-o", "--weights-out"}, paramLabel = "<file>",
      description = "Where to save the trained weights (default: beside the model, <name>.nnw).")
  Path weightsOut;

  @Mixin Options options;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelFile modelFile = ModelFile.load(file);
    modelFile.require("train", true, true);
    ModelSpec model = modelFile.model();
    TrainSpec train = model.train();
    Path target = weightsOut != null ? weightsOut : defaultWeightsPath(file);

    PreparedData data = PreparedData.load(modelFile, null);
    WeightsFile.checkReplaceable(target);
    Network net = modelFile.instantiate(options.codegen(), train.batchSize());
    Initializer.initialize(net, train.seed());

    java.io.PrintStream printer = new java.io.PrintStream(new WriterOutputStream(out), true);
    Evaluation.summary(model, printer);
    out.printf(Locale.ROOT, "Data: %s: %d rows, %d for training, %d held out%s%n", data.file(), data.rows(),
        data.train().rows(), data.test().rows(), model.data().testFraction() > 0
            ? String.format(Locale.ROOT, " (test %s, seed %d)", model.data().testFraction(), model.data().splitSeed())
            : "");
    out.printf(Locale.ROOT, "Training: loss %s, optimizer %s, %d epochs, batch %d%s%n%n", train.loss().keyword(),
        train.optimizer(), train.epochs(), train.batchSize(), train.shuffle() ? ", shuffled" : "");

    Trainer trainer = new Trainer(net, optimizer(train.optimizer()), train.batchSize(), train.shuffle(), train.seed());
    trainer.fit(data.train(), train.epochs(), (epoch, epochs, loss) -> {
      if (epoch % REPORT_EVERY == 0 || epoch == epochs) {
        out.printf(Locale.ROOT, "Epoch [%d/%d], Loss: %.4f%n", epoch, epochs, loss);
      }
    });
    out.println();

    List<String> classNames = Evaluation.classNames(model, data.train(), net.outputSize());
    if (data.test().rows() > 0) {
      out.printf("Test results (%d held-out rows):%n", data.test().rows());
      Evaluation.report(model, net, data.test(), classNames, printer);
    }
    for (List<Double> sample : train.samples()) {
      float[] row = new float[sample.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = sample.get(i).floatValue();
      }
      String raw = describeSample(modelFile.featureNames(), row);
      data.scaler().transformRow(row);
      out.printf("Prediction for %s: %s%n", raw, Evaluation.describePrediction(model, net, row, classNames));
    }
    WeightsFile.save(target, WeightsData.of(net, data.scaler()));
    out.println();
    out.println("Weights saved to " + target);
    return 0;
  }

  static Path defaultWeightsPath(Path modelFile) {
    String name = modelFile.getFileName().toString();
    String base = name.endsWith(".nn") ? name.substring(0, name.length() - 3) : name;
    return modelFile.resolveSibling(base + ".nnw");
  }

  static String describeSample(List<String> names, float[] row) {
    StringBuilder text = new StringBuilder("(");
    for (int i = 0; i < row.length; i++) {
      text.append(i == 0 ? "" : ", ").append(names.get(i)).append(' ').append(PredictCommand.format(row[i]));
    }
    return text.append(')').toString();
  }

  static Optimizer optimizer(OptimizerSpec spec) {
    return switch (spec.kind()) {
      case SGD -> new Sgd(spec.get("lr"), spec.get("momentum"), 0, spec.get("weight_decay"), spec.get("nesterov") != 0);
      case ADAM -> new Adam(spec.get("lr"), spec.get("beta1"), spec.get("beta2"), spec.get("eps"), spec.get("weight_decay"));
      case RMSPROP -> new RmsProp(spec.get("lr"), spec.get("alpha"), spec.get("eps"), spec.get("weight_decay"),
          spec.get("momentum"), spec.get("centered") != 0);
    };
  }
}
