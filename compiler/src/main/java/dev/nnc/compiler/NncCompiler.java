package dev.nnc.compiler;

import dev.nnc.compiler.check.ModelChecker;
import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.compiler.codegen.NetworkGenerator;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.compiler.ir.ModelSpec;

/** The compiler's front door: {@code .nn} text in, checked model and Java source out. */
public final class NncCompiler {

  private NncCompiler() {}

  /** A checked model with its generated source. */
  public record Result(ModelSpec model, GeneratedSource source) {}

  /** Parses and checks only. */
  public static ModelSpec check(SourceFile source) throws CompileException {
    return ModelChecker.check(source);
  }

  /** Parses, checks and generates the model's Java class. */
  public static Result compile(SourceFile source, CodegenOptions options) throws CompileException {
    ModelSpec model = ModelChecker.check(source);
    return new Result(model, NetworkGenerator.generate(model, options));
  }
}
