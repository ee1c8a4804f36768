package dev.nnc.cli;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.io.WeightsData;
import dev.nnc.runtime.io.WeightsFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "eval", description = "Evaluates trained weights on the model's held-out test rows.")
final class EvalCommand implements Callable<Integer> {

  /** Samples per forward call while evaluating. */
  static final int EVAL_BATCH = 256;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model.nn>", description = "The model file.")
  Path file;

  @Option(names = {"-w", "--weights"}, required = true, paramLabel = "<file>", description = "Trained weights.")
  Path weights;

  @Mixin Options options;

  @Override
  public Integer call() {
    ModelFile modelFile = ModelFile.load(file);
    modelFile.require("eval", true, true);
    Network net = modelFile.instantiate(options.codegen(), EVAL_BATCH);
    net.setWorkers(options.workers());
    WeightsData trained = WeightsFile.loadInto(net, weights, weights.toString());
    PreparedData data = PreparedData.load(modelFile, trained.scaler().orElse(null));
    Dataset rows = data.test().rows() > 0 ? data.test() : data.train();
    PrintStream out = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
    out.printf("%s on %d %s rows of %s:%n", modelFile.model().name(), rows.rows(),
        data.test().rows() > 0 ? "held-out" : "", data.file());
    Evaluation.report(modelFile.model(), net, rows, data.test().rows() > 0 ? "test" : "training",
        Evaluation.classNames(modelFile.model(), rows, net.outputSize()), out);
    return 0;
  }
}
