package dev.nnc.compiler.codegen;

import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.io.WeightsData;

/** Emits dependency-free classifiers of trained models (being written). */
public final class ClassifierGenerator {

  private ClassifierGenerator() {}

  public static GeneratedSource generate(ModelSpec model, WeightsData weights, String weightsName,
      ExportOptions options) {
    throw new UnsupportedOperationException("export is not written yet");
  }
}
