package dev.nnc.compiler;

import dev.nnc.compiler.check.ModelChecker;
import dev.nnc.compiler.codegen.ClassifierGenerator;
import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.codegen.ExportOptions;
import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.compiler.codegen.NetworkGenerator;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.io.WeightsData;

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

  /**
   * The dependency-free classifier of a trained model: its inference path with the weights and the
   * scaler inside, as one Java source file.
   *
   * @param weightsName how messages name the weights
   * @throws dev.nnc.runtime.io.WeightsFormatException if the weights were trained for another model
   */
  public static GeneratedSource exportClassifier(ModelSpec model, WeightsData weights, String weightsName,
      ExportOptions options) {
    return ClassifierGenerator.generate(model, weights, weightsName, options);
  }
}
