package dev.nnc.cli;

import dev.nnc.compiler.NncCompiler;
import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.runtime.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compile", description = "Writes the generated Java source of a model.")
final class CompileCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<model.nn>", description = "The model file.")
  Path file;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "<dir>",
      description = "Source root to write to; the file goes in its package's folder.")
  Path output;

  @Mixin Options options;

  @Override
  public Integer call() throws IOException {
    ModelFile model = ModelFile.load(file);
    GeneratedSource source;
    try {
      source = NncCompiler.compile(model.source(), options.codegen()).source();
    } catch (CompileException e) {
      throw new CliException(CliException.MODEL_ERROR, e.render());
    }
    Path target = output.resolve(source.relativePath());
    if (Files.exists(output) && !Files.isDirectory(output)) {
      throw new CliException(CliException.DATA_ERROR, "error: output " + output + " is a file, not a directory");
    }
    AtomicFile.write(target, source.source().getBytes(StandardCharsets.UTF_8));
    spec.commandLine().getOut().println("Wrote " + target);
    return 0;
  }
}
