package dev.nnc.cli;

import dev.nnc.compiler.diagram.ArchitectureDiagram;
import dev.nnc.runtime.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diagram",
    description = "Draws a model's architecture as an SVG picture: its layers as boxes with their shapes and parameter"
        + " counts.")
final class DiagramCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model.nn>", description = "The model file.")
  Path file;

  @Option(names = {"-o", "--output"}, paramLabel = "<file.svg>",
      description = "The SVG file to write (default: beside the model, with .svg).")
  Path output;

  @Override
  public Integer call() throws IOException {
    // Only the network is drawn, so a file without data or train sections will do.
    ModelFile model = ModelFile.load(file);
    Path target = output != null ? output : TrainCommand.defaultPath(file, ".svg");
    if (Files.isDirectory(target)) {
      throw new CliException(CliException.MODEL_ERROR, "error: output " + target + " is a directory; name the"
          + " file, e.g. -o " + target.resolve(TrainCommand.defaultPath(file, ".svg").getFileName()));
    }
    if (Files.exists(target) && Files.isSameFile(target, file)) {
      throw new CliException(CliException.MODEL_ERROR, "error: output " + target + " is the model file itself;"
          + " choose another with -o");
    }
    AtomicFile.write(target, ArchitectureDiagram.svg(model.model()).getBytes(StandardCharsets.UTF_8));
    spec.commandLine().getOut().println("Diagram written to " + target);
    return 0;
  }
}
