package dev.nnc.cli;

import dev.nnc.compiler.InMemoryJavaCompiler;
import dev.nnc.compiler.NncCompiler;
import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.Diagnostic;
import dev.nnc.compiler.diag.Position;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.Network;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/** A {@code .nn} file, read and checked, able to become a live {@link Network}. */
final class ModelFile {

  private final SourceFile source;
  private final ModelSpec model;

  private ModelFile(SourceFile source, ModelSpec model) {
    this.source = source;
    this.model = model;
  }

  /** Reads and checks {@code path}; any problem becomes a {@link CliException} with the diagnostics. */
  static ModelFile load(Path path) {
    SourceFile source;
    try {
      if (Files.isDirectory(path)) {
        throw new CliException(CliException.MODEL_ERROR, path + ": error: is a directory, not a .nn file");
      }
      source = SourceFile.read(path);
    } catch (NoSuchFileException e) {
      throw new CliException(CliException.MODEL_ERROR, path + ": error: no such file");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new CliException(CliException.MODEL_ERROR, path + ": error: not UTF-8 text");
    } catch (IOException e) {
      throw new CliException(CliException.MODEL_ERROR, path + ": error: cannot read: " + e.getMessage());
    }
    try {
      return new ModelFile(source, NncCompiler.check(source));
    } catch (CompileException e) {
      throw new CliException(CliException.MODEL_ERROR, e.render());
    }
  }

  SourceFile source() {
    return source;
  }

  ModelSpec model() {
    return model;
  }

  /** A model error at {@code position}, rendered like the compiler's own diagnostics. */
  CliException error(Position position, String message) {
    return new CliException(CliException.MODEL_ERROR, Diagnostic.error(position, message).format(source));
  }

  /** A data error at {@code position} in the .nn file (e.g. the data path), exit code 1. */
  CliException dataError(Position position, String message) {
    return new CliException(CliException.DATA_ERROR, Diagnostic.error(position, message).format(source));
  }

  /** Fails unless the file has the sections {@code command} needs. */
  void require(String command, boolean data, boolean train) {
    Position top = model.position();
    if (data && model.data() == null) {
      throw error(top, "'nnc " + command + "' needs a 'data' section naming the CSV file, its features and label");
    }
    if (train && model.train() == null) {
      throw error(top, "'nnc " + command + "' needs a 'train' section with at least a 'loss'");
    }
  }

  /** Generates, compiles in memory and instantiates the network for batches of up to {@code maxBatch}. */
  Network instantiate(CodegenOptions options, int maxBatch) {
    return factory(options).apply(maxBatch);
  }

  /** {@link #factory} on a background (daemon) thread, so the caller can load data meanwhile. */
  CompletableFuture<IntFunction<Network>> factoryInBackground(CodegenOptions options) {
    return CompletableFuture.supplyAsync(() -> factory(options));
  }

  /** The factory {@link #factoryInBackground} made, with its exception (a {@link CliException}) as thrown. */
  static IntFunction<Network> await(CompletableFuture<IntFunction<Network>> networks) {
    try {
      return networks.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Generates and compiles the network once; the function makes fresh instances of it. */
  IntFunction<Network> factory(CodegenOptions options) {
    NncCompiler.Result result;
    try {
      result = NncCompiler.compile(source, options);
    } catch (CompileException e) {
      throw new CliException(CliException.MODEL_ERROR, e.render());
    }
    Class<?> type = InMemoryJavaCompiler.compileAndLoad(result.source());
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor(int.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("generated class " + type.getName() + " has no (int) constructor", e);
    }
    return maxBatch -> {
      try {
        return (Network) constructor.newInstance(maxBatch);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("generated constructor failed", e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("generated class " + type.getName() + " cannot be instantiated", e);
      }
    };
  }

  /** The feature names to show for samples: the data's columns, or x1, x2, ... */
  List<String> featureNames() {
    if (model.data() != null) {
      return model.data().features();
    }
    return java.util.stream.IntStream.rangeClosed(1, model.inputShape().size()).mapToObj(i -> "x" + i).toList();
  }
}
