package dev.nnc.maven.generation;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything one run of the generator needs, as the Mojo read it from the build's configuration.
 *
 * @param sourceDirectory where the {@code .nn} files are
 * @param models the {@code .nn} files found there (includes minus excludes), relative, {@code /}
 *     separated
 * @param outputDirectory the source root that generated classes are written to
 * @param packageName the package of every generated training class, or null to take it from the
 *     model's folder (see {@link PackageNames})
 * @param vector the SIMD width of training classes
 * @param exports models to export as classifiers instead
 * @param stateFile where this execution keeps its {@link dev.nnc.maven.incremental.BuildState}
 * @param generator the fingerprint of the generator ({@link dev.nnc.maven.incremental.GeneratorFingerprint})
 * @param force regenerate everything, whatever the state says
 */
public record GenerationRequest(Path sourceDirectory, List<String> models, Path outputDirectory, String packageName,
    VectorOption vector, List<ExportRequest> exports, Path stateFile, String generator, boolean force) {

  public GenerationRequest {
    models = List.copyOf(models);
    exports = List.copyOf(exports);
  }
}
