package dev.nnc.cli;

import dev.nnc.compiler.NncCompiler;
import dev.nnc.compiler.check.JavaNames;
import dev.nnc.compiler.codegen.ExportOptions;
import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.compiler.codegen.OnnxWriter;
import dev.nnc.compiler.ir.LossKind;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.data.DataException;
import dev.nnc.runtime.io.AtomicFile;
import dev.nnc.runtime.io.WeightsData;
import dev.nnc.runtime.io.WeightsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export",
    description = "Writes a trained model as one dependency-free Java classifier with the weights inside, or as an"
        + " ONNX model (--format onnx) for Netron and ONNX Runtime.")
final class ExportCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model.nn>", description = "The model file.")
  Path file;

  @Option(names = {"-w", "--weights"}, required = true, paramLabel = "<file>", description = "Trained weights.")
  Path weights;

  @Option(names = "--package", defaultValue = "", paramLabel = "<name>",
      description = "Java package of the class (default: none).")
  String packageName;

  @Option(names = "--class", paramLabel = "<name>",
      description = "Class name (default: the model's name followed by Classifier).")
  String className;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "<dir>",
      description = "Source root to write to; the file goes in its package's folder. With --format onnx: the folder"
          + " for <class>.onnx, or the .onnx file itself.")
  Path output;

  @Option(names = "--format", defaultValue = "java", paramLabel = "<format>",
      description = "java (the default): a Java classifier; onnx: an ONNX model (opset 13) taking the raw features.")
  String format;

  @Option(names = "--vector", defaultValue = "none", paramLabel = "<bits>",
      description = "Kernels: none (plain scalar Java for any JDK 11+; the default), or 512, 256, 128 or preferred for"
          + " Vector API kernels, which need --add-modules jdk.incubator.vector to compile and run.")
  String vector;

  @Override
  public Integer call() throws IOException {
    ModelFile modelFile = ModelFile.load(file);
    ModelSpec model = modelFile.model();
    if (Files.exists(output) && !Files.isDirectory(output) && !output.toString().endsWith(".onnx")) {
      throw new CliException(CliException.DATA_ERROR, "error: output " + output + " is a file, not a directory");
    }
    String name = className != null ? className : model.javaName() + "Classifier";
    if (!JavaNames.isPackageName(packageName)) {
      throw new CliException(CliException.MODEL_ERROR, "error: --package '" + packageName
          + "' is not a valid Java package name");
    }
    if (!JavaNames.isClassName(name)) {
      throw new CliException(CliException.MODEL_ERROR, "error: --class '" + name + "' is not a valid Java class name");
    }
    if (JavaNames.hidesAUsedType(name)) {
      throw new CliException(CliException.MODEL_ERROR, "error: --class '" + name + "' would hide the type " + name
          + " that the classifier's code uses; choose another name");
    }
    ExportOptions exportOptions = new ExportOptions(packageName, name, Options.vectorBits(vector), List.of());
    if (!format.equals("java") && !format.equals("onnx")) {
      throw new CliException(CliException.MODEL_ERROR, "error: --format must be java or onnx, not '" + format + "'");
    }
    WeightsData data = WeightsFile.load(weights, weights.toString());
    Path target;
    byte[] bytes;
    if (format.equals("onnx")) {
      target = output.toString().endsWith(".onnx") ? output : output.resolve(exportOptions.className() + ".onnx");
      bytes = OnnxWriter.write(model, data, weights.toString());
    } else {
      exportOptions = exportOptions.withClassNames(classNamesFromData(modelFile, data));
      GeneratedSource source = NncCompiler.exportClassifier(model, data, weights.toString(), exportOptions);
      target = output.resolve(source.relativePath());
      bytes = source.source().getBytes(StandardCharsets.UTF_8);
    }
    AtomicFile.write(target, bytes);
    spec.commandLine().getOut().println("Wrote " + target);
    return 0;
  }

  /**
   * The class names the data gives a classifier whose .nn file declares none (read from its label
   * column), or empty when the file declares them or the model is not a classifier. Without the data
   * the classes are numbered, and a warning says so.
   */
  private List<String> classNamesFromData(ModelFile modelFile, WeightsData data) {
    ModelSpec model = modelFile.model();
    boolean classifier = model.train() != null
        && (model.train().loss() == LossKind.BCE || model.train().loss() == LossKind.CROSS_ENTROPY);
    if (!classifier || model.data() == null || !model.data().classes().isEmpty()) {
      return List.of();
    }
    try {
      PreparedData prepared = PreparedData.load(modelFile, data.scaler().orElse(null));
      return Evaluation.classNames(model, prepared.train(), model.outputShape().size());
    } catch (CliException | DataException e) {
      spec.commandLine().getErr().println("warning: classes numbered 0, 1, ...: the .nn file names none and the data"
          + " that would cannot be read (" + e.getMessage().lines().findFirst().orElse("") + ")");
      return List.of();
    }
  }
}
