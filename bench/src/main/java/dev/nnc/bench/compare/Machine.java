package dev.nnc.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;

/** What the figures were measured on, for the table's footer. */
final class Machine {

  private Machine() {}

  /** e.g. "AMD EPYC, 2 CPUs (2 cores × 1 thread, 1 socket), AVX-512, KVM guest". */
  static String cpu() {
    Map<String, String> lscpu = lscpu();
    String model = lscpu.getOrDefault("Model name", cpuinfoModel());
    StringBuilder s = new StringBuilder(model == null ? "unknown CPU" : model);
    s.append(", ").append(lscpu.getOrDefault("CPU(s)", String.valueOf(Runtime.getRuntime().availableProcessors())))
        .append(" CPUs");
    if (lscpu.containsKey("Core(s) per socket")) {
      s.append(" (").append(lscpu.get("Core(s) per socket")).append(" cores per socket × ")
          .append(lscpu.getOrDefault("Socket(s)", "?")).append(" socket(s), ")
          .append(lscpu.getOrDefault("Thread(s) per core", "?")).append(" thread(s) per core)");
    }
    String flags = lscpu.getOrDefault("Flags", "");
    s.append(flags.contains("avx512f") ? ", AVX-512" : flags.contains("avx2") ? ", AVX2" : "");
    if (lscpu.containsKey("Hypervisor vendor")) {
      s.append(", ").append(lscpu.get("Hypervisor vendor")).append(" guest");
    }
    if (lscpu.containsKey("L3 cache")) {
      s.append(", L3 ").append(lscpu.get("L3 cache"));
    }
    return s.toString();
  }

  /** e.g. "OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1 (Debian); Vector API preferred species 512 bits". */
  static String jdk() {
    return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
        + System.getProperty("java.vm.vendor") + "); Vector API preferred species "
        + FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bits";
  }

  /** The first three fields of /proc/loadavg, or "?". */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "?";
    }
  }

  /**
   * The share of CPU time the hypervisor stole since {@code startLine} (the "cpu" line of /proc/stat
   * then), e.g. "0.2%"; null if unknown. A busy neighbour on the host shows here.
   */
  static String stealSince(String startLine) {
    if (startLine == null || !startLine.startsWith("cpu ")) {
      return null;
    }
    try {
      String now = Files.readAllLines(Path.of("/proc/stat")).get(0);
      long[] a = cpuTimes(startLine);
      long[] b = cpuTimes(now);
      long total = 0;
      for (int i = 0; i < Math.min(a.length, b.length) && i < 8; i++) {
        total += b[i] - a[i];
      }
      long steal = a.length > 7 && b.length > 7 ? b[7] - a[7] : 0;
      return total <= 0 ? null : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * steal / total);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long[] cpuTimes(String line) {
    String[] fields = line.trim().split("\\s+");
    long[] values = new long[fields.length - 1];
    for (int i = 1; i < fields.length; i++) {
      values[i - 1] = Long.parseLong(fields[i]);
    }
    return values;
  }

  private static Map<String, String> lscpu() {
    Map<String, String> values = new LinkedHashMap<>();
    try {
      Process p = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
        for (String line : text.split("\n")) {
          int colon = line.indexOf(':');
          if (colon > 0) {
            values.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
          }
        }
      }
    } catch (IOException e) {
      // no lscpu: /proc/cpuinfo below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return values;
  }

  private static String cpuinfoModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return null;
  }
}
