package dev.nnc.cli;

import dev.nnc.cli.run.RunFileException;
import dev.nnc.compiler.InMemoryJavaCompiler;
import dev.nnc.runtime.data.DataException;
import dev.nnc.runtime.io.WeightsFileException;
import dev.nnc.runtime.train.TrainingException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nnc} command. */
@Command(
    name = "nnc",
    mixinStandardHelpOptions = true,
    version = "nnc 0.1.0",
    description = "Compiles .nn neural-network specs into specialized Java, and trains and runs them.",
    subcommands = {
      CheckCommand.class,
      CompileCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      PredictCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      DiagramCommand.class,
      TuneCommand.class,
      RunsCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code; used by tests too. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
      err.println(message(e));
      err.flush();
      return exitCode(e);
    });
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String message(Exception e) {
    if (e instanceof CliException || e instanceof DataException || e instanceof WeightsFileException
        || e instanceof TrainingException || e instanceof RunFileException) {
      String text = e.getMessage();
      return text.contains("error:") ? text : "error: " + text;
    }
    if (e instanceof InMemoryJavaCompiler.CompilationFailedException) {
      return e.getMessage();
    }
    if (e instanceof java.io.UncheckedIOException || e instanceof java.io.IOException) {
      return "error: " + e.getMessage();
    }
    // A bug in nnc: say so plainly, keep the trace for whoever debugs it.
    if (System.getenv("NNC_DEBUG") != null) {
      e.printStackTrace();
    }
    return "internal error: " + e + " (please report it; set NNC_DEBUG=1 for details)";
  }

  private static int exitCode(Exception e) {
    if (e instanceof CliException cli) {
      return cli.exitCode();
    }
    return e instanceof DataException || e instanceof WeightsFileException || e instanceof TrainingException
        || e instanceof RunFileException
        || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException ? 1 : 3;
  }
}
