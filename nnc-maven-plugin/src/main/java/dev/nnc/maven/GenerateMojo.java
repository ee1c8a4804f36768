package dev.nnc.maven;

import dev.nnc.compiler.NncCompiler;
import dev.nnc.grammar.NNParser;
import dev.nnc.maven.generation.ExportRequest;
import dev.nnc.maven.generation.GenerationRequest;
import dev.nnc.maven.generation.ModelErrors;
import dev.nnc.maven.generation.ModelGenerator;
import dev.nnc.maven.generation.PreferredVectorBitsProbe;
import dev.nnc.maven.generation.Report;
import dev.nnc.maven.generation.VectorOption;
import dev.nnc.maven.incremental.GeneratorFingerprint;
import dev.nnc.runtime.io.WeightsFile;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.build.BuildContext;
import org.codehaus.plexus.util.Scanner;

/**
 * Compiles every {@code .nn} model under {@code sourceDirectory} into a Java class under
 * {@code outputDirectory}, which becomes a compile source root. Models listed in {@code exports} get
 * their trained, dependency-free classifier instead of their training class.
 *
 * <p>A model is regenerated only when its file, its weights (exports), the options or the nnc version
 * changed since the last build, or its generated file is gone; {@code force} regenerates all.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES,
    requiresDependencyResolution = ResolutionScope.NONE, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

  private static final String DEFAULT_INCLUDE = "**/*.nn";

  /** The folder holding the {@code .nn} files; their folders below it are their packages. */
  @Parameter(property = "nnc.sourceDirectory", defaultValue = "${project.basedir}/src/main/nn", required = true)
  private File sourceDirectory;

  /**
   * Ant-style patterns of the model files to compile, relative to {@code sourceDirectory}. Default:
   * {@code **}{@code /*.nn}.
   */
  @Parameter(property = "nnc.includes")
  private List<String> includes;

  /** Ant-style patterns of files to leave out, relative to {@code sourceDirectory}. */
  @Parameter(property = "nnc.excludes")
  private List<String> excludes;

  /** The source root that generated classes are written to, in package folders; added to the compile sources. */
  @Parameter(property = "nnc.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/nnc",
      required = true)
  private File outputDirectory;

  /**
   * The package of every generated class. When unset, a model's folder relative to
   * {@code sourceDirectory} is its package, as with antlr4-maven-plugin: {@code src/main/nn/com/acme/iris.nn}
   * goes in {@code com.acme}, and a model directly in {@code sourceDirectory} in the unnamed package.
   */
  @Parameter(property = "nnc.packageName")
  private String packageName;

  /**
   * The SIMD width of the generated kernels: {@code preferred} (the widest the building JDK prefers on
   * this machine, asked of a child JVM), {@code 512}, {@code 256}, {@code 128}, or {@code none} for plain
   * scalar Java.
   */
  @Parameter(property = "nnc.vector", defaultValue = "preferred", required = true)
  private String vector;

  /** Trained models whose classifier is generated instead of the training class; see {@link Export}. */
  @Parameter
  private List<Export> exports;

  /** Skips the goal (and does not add the output directory to the compile sources). */
  @Parameter(property = "nnc.skip", defaultValue = "false")
  private boolean skip;

  /** Regenerates every model even if nothing changed since the last build. */
  @Parameter(property = "nnc.force", defaultValue = "false")
  private boolean force;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
  private MojoExecution mojoExecution;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  private PluginDescriptor plugin;

  private final BuildContext buildContext;

  /** @param buildContext the IDE's incremental build context under m2e, plain files on the command line */
  @Inject
  public GenerateMojo(BuildContext buildContext) {
    this.buildContext = buildContext;
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("nnc: skipped (nnc.skip)");
      return;
    }
    GenerationRequest request = request();
    if (request.models().isEmpty() && request.exports().isEmpty() && !Files.exists(request.stateFile())) {
      getLog().info("nnc: no .nn files in " + sourceDirectory);
      return;
    }
    if (nothingChangedInIde(request)) {
      getLog().debug("nnc: no change to the models or weights since the last incremental build");
      project.addCompileSourceRoot(outputDirectory.getPath());
      return;
    }
    Report report;
    try {
      report = new ModelGenerator(request, new BuildContextWorkspace(buildContext),
          () -> PreferredVectorBitsProbe.bits(Path.of(System.getProperty("java.home")))).run();
    } catch (ModelErrors e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException | UncheckedIOException e) {
      throw new MojoExecutionException("nnc: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // A bug in nnc, not in the user's models: keep the stack trace for the report.
      throw new MojoExecutionException("nnc: internal error: " + e, e);
    }
    log(report);
    project.addCompileSourceRoot(outputDirectory.getPath());
  }

  /** The configuration as the generator's immutable request; bad settings fail the build here. */
  private GenerationRequest request() throws MojoFailureException {
    VectorOption vectorOption = parseVector(vector, "<vector>");
    List<ExportRequest> exportRequests = new ArrayList<>();
    List<Export> configured = exports == null ? List.of() : exports;
    for (int i = 0; i < configured.size(); i++) {
      Export export = configured.get(i);
      if (isBlank(export.getModel()) || export.getWeights() == null || isBlank(export.getClassName())) {
        throw new MojoFailureException("nnc: <export> number " + (i + 1)
            + " needs a <model>, <weights> and <className>");
      }
      Path weights = export.getWeights().toPath();
      if (!weights.isAbsolute()) {
        weights = project.getBasedir().toPath().resolve(weights);
      }
      exportRequests.add(new ExportRequest(export.getModel().trim(), weights,
          export.getPackageName() == null ? null : export.getPackageName().trim(), export.getClassName().trim(),
          parseVector(export.getVector() == null ? "none" : export.getVector(),
              "<export> <vector> of " + export.getModel())));
    }
    String generator = GeneratorFingerprint.current(plugin.getVersion(),
        List.of(GenerateMojo.class, NncCompiler.class, NNParser.class, WeightsFile.class,
            com.palantir.javapoet.JavaFile.class, org.antlr.v4.runtime.Parser.class));
    Path stateFile = Path.of(project.getBuild().getDirectory(), "nnc-maven-plugin",
        mojoExecution.getExecutionId() + ".state");
    return new GenerationRequest(sourceDirectory.toPath(), modelFiles(), outputDirectory.toPath(),
        packageName == null ? null : packageName.trim(), vectorOption, exportRequests, stateFile, generator, force);
  }

  /** The model files under {@code sourceDirectory} that match includes and not excludes, sorted. */
  private List<String> modelFiles() {
    if (!sourceDirectory.isDirectory()) {
      return List.of();
    }
    Scanner scanner = buildContext.newScanner(sourceDirectory, true);
    scanner.setIncludes(includes == null || includes.isEmpty() ? new String[] {DEFAULT_INCLUDE}
        : includes.toArray(String[]::new));
    if (excludes != null && !excludes.isEmpty()) {
      scanner.setExcludes(excludes.toArray(String[]::new));
    }
    scanner.addDefaultExcludes();
    scanner.scan();
    return Arrays.stream(scanner.getIncludedFiles())
        .map(path -> path.replace(File.separatorChar, '/'))
        .sorted()
        .toList();
  }

  /**
   * In an IDE's incremental build (m2e calls the goal after every change in the project), true if
   * neither the models nor the weights changed and an earlier build left its state.
   */
  private boolean nothingChangedInIde(GenerationRequest request) {
    if (!buildContext.isIncremental() || force || !Files.isRegularFile(request.stateFile())
        || buildContext.hasDelta(sourceDirectory)) {
      return false;
    }
    return request.exports().stream().noneMatch(export -> buildContext.hasDelta(export.weights().toFile()));
  }

  private void log(Report report) {
    if (report.rebuildReason() != null && !report.generated().isEmpty()) {
      getLog().debug("nnc: regenerating every model: " + report.rebuildReason());
    }
    for (String model : report.generated()) {
      getLog().debug("nnc: generated " + model);
    }
    for (String file : report.removed()) {
      getLog().info("nnc: removed " + file + " (its model is gone or now generates another class)");
    }
    getLog().info("nnc: " + report.generated().size() + " generated, " + report.upToDate().size()
        + " up to date in " + outputDirectory);
  }

  private static VectorOption parseVector(String value, String setting) throws MojoFailureException {
    try {
      return VectorOption.parse(value, setting);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("nnc: " + e.getMessage());
    }
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
