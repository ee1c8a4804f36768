package dev.nnc.maven.incremental;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one plugin execution generated last time: for each model (or export) the digest of its inputs,
 * the file it wrote and that file's digest. Kept in a small text file under {@code target/} per
 * execution, so two executions that write into the same source root keep separate books.
 *
 * <p>File format, UTF-8, one record per line, fields separated by tabs (tab, newline, carriage return
 * and backslash in a field written as {@code \t}, {@code \n}, {@code \r}, {@code \\}):
 *
 * <pre>
 * nnc-state    1
 * generator    &lt;generator fingerprint&gt;
 * entry        &lt;key&gt;  &lt;input digest&gt;  &lt;output path (relative)&gt;  &lt;output digest&gt;
 * </pre>
 *
 * @param generator the fingerprint of the generator that wrote the outputs ("" if unknown)
 * @param entries by key, such as {@code model:iris.nn} or {@code export:iris.nn}
 */
public record BuildState(String generator, Map<String, Entry> entries) {

  /** Bumped whenever the file format or the meaning of a digest changes: older files are ignored. */
  public static final int FORMAT = 1;

  private static final String HEADER = "nnc-state";

  /**
   * One generated file.
   *
   * @param inputDigest the digest of everything the file was generated from
   * @param output the file's path relative to the output directory, with {@code /} separators
   * @param outputDigest the SHA-256 of the bytes written
   */
  public record Entry(String inputDigest, String output, String outputDigest) {}

  public BuildState {
    entries = Map.copyOf(entries);
  }

  public static BuildState empty() {
    return new BuildState("", Map.of());
  }

  /** True if nothing was recorded (no earlier run, or its file was unreadable or of another format). */
  public boolean isEmpty() {
    return generator.isEmpty() && entries.isEmpty();
  }

  /**
   * Reads {@code file}; a missing, damaged or older file reads as {@link #empty()}, which regenerates
   * everything: the state is a cache, never a reason to fail a build.
   */
  public static BuildState read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return empty();
    }
    if (lines.isEmpty() || !lines.get(0).equals(HEADER + "\t" + FORMAT)) {
      return empty();
    }
    String generator = "";
    Map<String, Entry> entries = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split("\t", -1);
      if (fields.length == 2 && fields[0].equals("generator")) {
        generator = unescape(fields[1]);
      } else if (fields.length == 5 && fields[0].equals("entry")) {
        entries.put(unescape(fields[1]), new Entry(unescape(fields[2]), unescape(fields[3]), unescape(fields[4])));
      } else {
        return empty();
      }
    }
    return new BuildState(generator, entries);
  }

  /** Writes the state to {@code file} (through a temporary file, so a crash leaves the old one). */
  public void write(Path file) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append(HEADER).append('\t').append(FORMAT).append('\n');
    text.append("generator\t").append(escape(generator)).append('\n');
    for (Map.Entry<String, Entry> e : new TreeMap<>(entries).entrySet()) {
      Entry entry = e.getValue();
      text.append("entry\t").append(escape(e.getKey()))
          .append('\t').append(escape(entry.inputDigest()))
          .append('\t').append(escape(entry.output()))
          .append('\t').append(escape(entry.outputDigest())).append('\n');
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
  }

  static String escape(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (char c : field.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String unescape(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 1 < field.length()) {
        char next = field.charAt(++i);
        out.append(switch (next) {
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'r' -> '\r';
          default -> next;
        });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
