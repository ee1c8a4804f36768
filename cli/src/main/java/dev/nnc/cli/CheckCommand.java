package dev.nnc.cli;

import dev.nnc.compiler.ir.ModelSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", description = "Parses and checks a .nn file, printing its diagnostics.")
final class CheckCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model.nn>", description = "The model file.")
  Path file;

  @Override
  public Integer call() {
    ModelSpec model = ModelFile.load(file).model();
    spec.commandLine().getOut().printf("%s: ok: model %s, %d layers, %,d parameters%n", file, model.name(),
        model.layers().size(), model.parameterCount());
    return 0;
  }
}
