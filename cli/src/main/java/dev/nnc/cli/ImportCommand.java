package dev.nnc.cli;

import dev.nnc.compiler.codegen.OnnxImporter;
import dev.nnc.runtime.io.AtomicFile;
import dev.nnc.runtime.io.WeightsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import",
    description = "Turns an ONNX model of a multilayer perceptron (e.g. from PyTorch) into a .nn file and its weights.")
final class ImportCommand implements Callable<Integer> {

  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model.onnx>", description = "The ONNX file.")
  Path file;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "<model.nn>",
      description = "The .nn file to write; it must not exist yet.")
  Path output;

  @Option(names = {"-w", "--weights"}, paramLabel = "<file>",
      description = "Where the weights go (default: beside the .nn file, with .nnw).")
  Path weights;

  @Option(names = "--name", paramLabel = "<name>",
      description = "The model's name (default: from the .nn file's name, e.g. mlp_bn.nn -> MlpBn).")
  String name;

  @Override
  public Integer call() throws IOException {
    String modelName = name != null ? name : modelName(output);
    if (!MODEL_NAME.matcher(modelName).matches()) {
      throw new CliException(CliException.MODEL_ERROR, "error: '" + modelName + "' is not a model name (letters,"
          + " digits and _, starting with a letter); choose one with --name");
    }
    if (Files.exists(output)) {
      throw new CliException(CliException.DATA_ERROR, "error: " + output + " exists; nnc import does not replace a"
          + " .nn file");
    }
    Path weightsTarget = weights != null ? weights : TrainCommand.defaultPath(output, ".nnw");
    WeightsFile.checkReplaceable(weightsTarget);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException(CliException.DATA_ERROR, file + ": error: no such file");
    }
    OnnxImporter.Imported imported;
    try {
      imported = OnnxImporter.read(bytes, file.toString(), modelName);
    } catch (OnnxImporter.ImportException e) {
      throw new CliException(CliException.DATA_ERROR, e.getMessage());
    }
    // The weights first: a .nn file is never left without them.
    WeightsFile.save(weightsTarget, imported.weights());
    AtomicFile.write(output, imported.text().getBytes(StandardCharsets.UTF_8));
    spec.commandLine().getOut().println("Wrote " + output + " and " + weightsTarget);
    return 0;
  }

  /** mlp_bn.nn -> MlpBn. */
  static String modelName(Path nnFile) {
    String base = nnFile.getFileName().toString().replaceFirst("\\.nn$", "");
    StringBuilder name = new StringBuilder();
    for (String word : base.split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return name.toString();
  }
}
