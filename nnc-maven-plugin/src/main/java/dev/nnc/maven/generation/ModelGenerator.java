package dev.nnc.maven.generation;

import dev.nnc.compiler.NncCompiler;
import dev.nnc.compiler.check.JavaNames;
import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.codegen.ExportOptions;
import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.Diagnostic;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.maven.incremental.BuildState;
import dev.nnc.maven.incremental.InputDigest;
import dev.nnc.runtime.io.WeightsData;
import dev.nnc.runtime.io.WeightsFile;
import dev.nnc.runtime.io.WeightsFileException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates the Java class of every model in a {@link GenerationRequest}: the training class, or for
 * a model listed in {@code exports} its classifier. A model whose inputs (its {@code .nn} text, its
 * weights, the options and the generator itself) hash as last time, and whose output is still there,
 * is skipped. Every problem is collected, so one build reports all broken models.
 */
public final class ModelGenerator {

  private final GenerationRequest request;
  private final Workspace workspace;
  private final VectorOption.PreferredBits preferred;
  private final Map<VectorOption, Integer> resolvedBits = new EnumMap<>(VectorOption.class);

  /** A file to generate: a model's training class or its exported classifier. */
  private record Task(String key, String model, Path file, String packageName, VectorOption vector,
      ExportRequest export) {}

  /** A task's inputs, read once: hashed for the staleness check, then compiled. */
  private record Inputs(byte[] model, byte[] weights, int vectorBits, int vectorRegisters, String digest) {}

  /**
   * @param preferred answers {@code vector = preferred}, and tells whether 128- and 256-bit kernels get
   *     AVX-512's 32 registers; asked at most once, and only if a model needs it
   */
  public ModelGenerator(GenerationRequest request, Workspace workspace, VectorOption.PreferredBits preferred) {
    this.request = request;
    this.workspace = workspace;
    this.preferred = preferred;
  }

  /**
   * The digest of everything a generated file depends on; any change to any argument changes it.
   *
   * @param weights the weights file's bytes, or null for a training class
   * @param className the exported class's name, or null for a training class
   * @param vectorRegisters the vector registers the kernels are shaped for
   */
  public static String inputDigest(String generator, byte[] model, byte[] weights, String packageName,
      String className, int vectorBits, int vectorRegisters) {
    InputDigest digest = InputDigest.create()
        .add("format", BuildState.FORMAT)
        .add("generator", generator)
        .add("kind", weights == null ? "model" : "export")
        .add("model", model)
        .add("package", packageName)
        .add("vector", vectorBits)
        .add("registers", vectorRegisters);
    if (weights != null) {
      digest.add("weights", weights).add("class", className);
    }
    return digest.hex();
  }

  /**
   * Runs the generator.
   *
   * @throws ModelErrors if any model, weights file or setting is wrong (after generating the others)
   * @throws IOException if files cannot be read or written
   */
  public Report run() throws ModelErrors, IOException {
    List<Task> tasks = tasks();
    BuildState previous = request.force() ? BuildState.empty() : BuildState.read(request.stateFile());
    String rebuildReason = rebuildReason(previous, tasks);

    List<String> problems = new ArrayList<>();
    List<String> generated = new ArrayList<>();
    List<String> upToDate = new ArrayList<>();
    Map<String, BuildState.Entry> next = new TreeMap<>();
    Map<String, String> producers = new HashMap<>();
    for (Task task : tasks) {
      Inputs inputs = read(task, problems);
      if (inputs == null) {
        keep(previous, task, next);
        continue;
      }
      BuildState.Entry before = previous.entries().get(task.key());
      if (before != null && before.inputDigest().equals(inputs.digest())
          && Files.isRegularFile(request.outputDirectory().resolve(before.output()))) {
        upToDate.add(task.model());
        next.put(task.key(), before);
        claim(producers, before.output(), task, problems);
        continue;
      }
      GeneratedSource source = generate(task, inputs, problems);
      if (source == null) {
        keep(previous, task, next);
        continue;
      }
      if (claim(producers, source.relativePath(), task, problems)) {
        byte[] bytes = source.source().getBytes(StandardCharsets.UTF_8);
        write(request.outputDirectory().resolve(source.relativePath()), bytes);
        next.put(task.key(), new BuildState.Entry(inputs.digest(), source.relativePath(), InputDigest.of(bytes)));
        generated.add(task.model());
      }
    }
    List<String> removed = problems.isEmpty() ? removeOrphans(previous, next) : List.of();
    new BuildState(request.generator(), next).write(request.stateFile());
    if (!problems.isEmpty()) {
      throw new ModelErrors(problems);
    }
    return new Report(generated, upToDate, removed, rebuildReason);
  }

  /** The tasks in order: plain models as scanned, then exports; configuration problems all at once. */
  private List<Task> tasks() throws ModelErrors {
    List<String> problems = new ArrayList<>();
    String configuredPackage = request.packageName();
    if (configuredPackage != null) {
      try {
        PackageNames.check(configuredPackage, "<packageName>");
      } catch (IllegalArgumentException e) {
        throw new ModelErrors(List.of(e.getMessage()));
      }
    }
    Map<String, ExportRequest> exports = new LinkedHashMap<>();
    for (ExportRequest export : request.exports()) {
      String model = normalize(export.model());
      if (exports.put(model, export) != null) {
        problems.add("<export> lists " + model + " twice; a model has one exported classifier per execution");
      }
    }
    List<Task> tasks = new ArrayList<>();
    for (String model : request.models()) {
      String path = normalize(model);
      if (exports.containsKey(path)) {
        continue;
      }
      try {
        String packageName = configuredPackage != null ? configuredPackage : PackageNames.forModel(path);
        tasks.add(new Task("model:" + path, path, request.sourceDirectory().resolve(path), packageName,
            request.vector(), null));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    for (Map.Entry<String, ExportRequest> entry : exports.entrySet()) {
      String path = entry.getKey();
      ExportRequest export = entry.getValue();
      Path file = request.sourceDirectory().resolve(path);
      if (!Files.isRegularFile(file)) {
        problems.add("<export> model " + path + " not found: no file " + file);
        continue;
      }
      if (!JavaNames.isClassName(export.className())) {
        problems.add("<export> of " + path + ": <className> '" + export.className()
            + "' is not a valid Java class name (a simple name, without the package)");
        continue;
      }
      if (JavaNames.hidesAUsedType(export.className())) {
        problems.add("<export> of " + path + ": <className> '" + export.className()
            + "' would hide the type of that name the classifier's code uses; choose another name");
        continue;
      }
      try {
        String packageName = export.packageName() != null
            ? PackageNames.check(export.packageName(), "<export> <packageName>")
            : configuredPackage != null ? configuredPackage : PackageNames.forModel(path);
        tasks.add(new Task("export:" + path, path, file, packageName, export.vector(), export));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ModelErrors(problems);
    }
    return tasks;
  }

  private String rebuildReason(BuildState previous, List<Task> tasks) {
    if (request.force()) {
      return "force is set";
    }
    if (tasks.isEmpty()) {
      return null;
    }
    if (previous.isEmpty()) {
      return "no state from an earlier build in " + request.stateFile();
    }
    if (!previous.generator().equals(request.generator())) {
      return "the nnc generator changed since the last build";
    }
    return null;
  }

  /** Reads a task's files and hashes them with its options, or records why it cannot and returns null. */
  private Inputs read(Task task, List<String> problems) throws IOException {
    byte[] model = Files.readAllBytes(task.file());
    byte[] weights = null;
    if (task.export() != null) {
      Path file = task.export().weights();
      try {
        weights = Files.readAllBytes(file);
      } catch (IOException e) {
        String reason = e instanceof NoSuchFileException ? "no such file"
            : Files.isDirectory(file) ? "it is a directory" : String.valueOf(e.getMessage());
        String message = file + ": error: cannot read weights file: " + reason;
        workspace.removeMessages(task.file());
        workspace.addError(task.file(), 0, 0, message);
        problems.add(message);
        return null;
      }
    }
    int bits = bits(task.vector());
    int registers = registers(bits);
    String className = task.export() == null ? null : task.export().className();
    return new Inputs(model, weights, bits, registers,
        inputDigest(request.generator(), model, weights, task.packageName(), className, bits, registers));
  }

  /** Compiles a task, or records its diagnostics (on the .nn file too) and returns null. */
  private GeneratedSource generate(Task task, Inputs inputs, List<String> problems) {
    SourceFile source = new SourceFile(task.file(), task.file().toString(),
        new String(inputs.model(), StandardCharsets.UTF_8));
    workspace.removeMessages(task.file());
    try {
      if (task.export() == null) {
        CodegenOptions options = new CodegenOptions(task.packageName(), inputs.vectorBits(), inputs.vectorRegisters());
        return NncCompiler.compile(source, options).source();
      }
      ModelSpec model = NncCompiler.check(source);
      String weightsName = task.export().weights().toString();
      WeightsData weights = WeightsFile.load(task.export().weights(), weightsName);
      ExportOptions options =
          new ExportOptions(task.packageName(), task.export().className(), inputs.vectorBits(),
              inputs.vectorRegisters(), List.of());
      return NncCompiler.exportClassifier(model, weights, weightsName, options);
    } catch (CompileException e) {
      for (Diagnostic diagnostic : e.diagnostics()) {
        if (diagnostic.severity() == Diagnostic.Severity.ERROR) {
          workspace.addError(task.file(), diagnostic.position().line(), diagnostic.position().column(),
              diagnostic.message());
        }
      }
      problems.add(e.render());
    } catch (WeightsFileException e) {
      workspace.addError(task.file(), 0, 0, e.getMessage());
      problems.add(e.getMessage());
    }
    return null;
  }

  private int bits(VectorOption option) throws IOException {
    Integer bits = resolvedBits.get(option);
    if (bits == null) {
      bits = option.bits(preferred);
      resolvedBits.put(option, bits);
    }
    return bits;
  }

  /**
   * The building machine's vector registers for {@code bits}-wide kernels: 32 for 512-bit kernels and
   * scalar code; for narrower ones it depends on whether the CPU has AVX-512, which the preferred width
   * (a child JVM's answer) tells.
   */
  private int registers(int bits) throws IOException {
    return bits == 0 || bits == 512 ? 32 : CodegenOptions.registersOfMachinePreferring(bits(VectorOption.PREFERRED));
  }

  /** Records that {@code task} produces {@code output}; false (and a problem) if another task does too. */
  private static boolean claim(Map<String, String> producers, String output, Task task, List<String> problems) {
    String other = producers.putIfAbsent(output, task.model());
    if (other == null) {
      return true;
    }
    problems.add(other + " and " + task.model() + " both generate " + output
        + "; rename one model, or put them in different packages");
    return false;
  }

  /** A failed task keeps its earlier entry, so its earlier output is not taken for an orphan. */
  private static void keep(BuildState previous, Task task, Map<String, BuildState.Entry> next) {
    BuildState.Entry before = previous.entries().get(task.key());
    if (before != null) {
      next.put(task.key(), before);
    }
  }

  /** Writes {@code bytes} unless the file already holds them, so javac sees unchanged files as unchanged. */
  private void write(Path file, byte[] bytes) throws IOException {
    if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return;
    }
    Files.createDirectories(file.getParent());
    try (OutputStream out = workspace.newFileOutputStream(file)) {
      out.write(bytes);
    }
  }

  /**
   * Deletes what this execution generated last time from models that are gone or now produce another
   * file, if the file is still exactly what was written (never a file someone else wrote there since).
   */
  private List<String> removeOrphans(BuildState previous, Map<String, BuildState.Entry> next) throws IOException {
    List<String> kept = next.values().stream().map(BuildState.Entry::output).toList();
    List<String> removed = new ArrayList<>();
    for (BuildState.Entry entry : new TreeMap<>(previous.entries()).values()) {
      Path file = request.outputDirectory().resolve(entry.output());
      if (!kept.contains(entry.output()) && Files.isRegularFile(file)
          && InputDigest.of(Files.readAllBytes(file)).equals(entry.outputDigest())) {
        Files.delete(file);
        workspace.refresh(file);
        removed.add(entry.output());
      }
    }
    return removed;
  }

  private static String normalize(String path) {
    String normalized = path.replace('\\', '/');
    while (normalized.startsWith("./")) {
      normalized = normalized.substring(2);
    }
    return normalized;
  }
}
