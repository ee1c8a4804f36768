package dev.nnc.maven.generation;

import dev.nnc.compiler.codegen.PreferredVectorBits;
import dev.nnc.maven.incremental.GeneratorFingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks a child JVM for the widest vector species it prefers. Maven's own JVM runs without
 * {@code jdk.incubator.vector} (the module cannot be added to a running JVM), so {@code preferred} is
 * answered by {@code java --add-modules jdk.incubator.vector -cp <nnc-compiler>}
 * {@link PreferredVectorBits}, once per JDK for the whole build.
 */
public final class PreferredVectorBitsProbe {

  private static final ConcurrentHashMap<Path, Integer> CACHE = new ConcurrentHashMap<>();

  private static final long TIMEOUT_SECONDS = 60;

  private PreferredVectorBitsProbe() {}

  /**
   * The preferred width in bits for the JDK at {@code javaHome}: 128, 256 or 512, or 0 when that JVM
   * prefers something narrower than 128 bits (scalar code is then the faster choice).
   *
   * @throws IOException if the child JVM cannot be started or does not answer
   */
  public static int bits(Path javaHome) throws IOException {
    try {
      return CACHE.computeIfAbsent(javaHome, home -> {
        try {
          return ask(home);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static int ask(Path javaHome) throws IOException {
    Path java = javaHome.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
    String classpath = GeneratorFingerprint.codeSource(PreferredVectorBits.class).toString();
    List<String> command = List.of(java.toString(), "--add-modules", "jdk.incubator.vector", "-cp", classpath,
        PreferredVectorBits.class.getName());
    // The launcher's "Using incubator modules" warning goes to stderr; keep it out of the answer.
    Path errors = Files.createTempFile("nnc-vector-bits", ".txt");
    try {
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      process.getOutputStream().close();
      String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(failure(command, "no answer within " + TIMEOUT_SECONDS + " s", ""));
      }
      String stderr = Files.readString(errors, StandardCharsets.UTF_8).trim();
      if (process.exitValue() != 0 || !answer.matches("\\d{1,4}")) {
        String what = "exit code " + process.exitValue() + ", output '" + answer + "'";
        throw new IOException(failure(command, what, stderr));
      }
      int bits = Integer.parseInt(answer);
      return bits >= 512 ? 512 : bits >= 256 ? 256 : bits >= 128 ? 128 : 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking the JVM for its preferred vector width", e);
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  private static String failure(List<String> command, String what, String stderr) {
    return "cannot find this JDK's preferred vector width (" + what + ") from: " + String.join(" ", command)
        + (stderr.isEmpty() ? "" : "\n" + stderr)
        + "\nSet <vector> to 512, 256, 128 or none to choose the width yourself.";
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").startsWith("Windows");
  }
}
