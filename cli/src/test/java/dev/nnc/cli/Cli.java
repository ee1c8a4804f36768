package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@link Main} in-process and checks what it prints; shared by the command-line tests. */
final class Cli {

  private Cli() {}

  /** One run: exit code and everything printed. */
  record Run(int code, String out, String err) {
    /** For assertion messages. */
    String describe() {
      return "exit code " + code + "\n---- stdout ----\n" + out + "\n---- stderr ----\n" + err;
    }
  }

  /** Where in-process {@code train} commands keep their run directories unless a test names another. */
  static final Path TEST_RUNS = Path.of("target", "test-runs");

  static Run run(Object... args) {
    List<String> strings = new java.util.ArrayList<>();
    for (Object arg : args) {
      strings.add(arg.toString());
    }
    if (!strings.isEmpty() && strings.get(0).equals("train") && !strings.contains("--runs")) {
      // keep the working directory (cli/) free of runs/ folders
      strings.add("--runs");
      strings.add(TEST_RUNS.toString());
    }
    return runExactly(strings.toArray(String[]::new));
  }

  /** Runs the arguments as they are, without {@link #run}'s default run folder. */
  static Run runExactly(String... strings) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(strings, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** The repository's models/ folder: surefire runs in cli/, so it is a sibling of the working directory. */
  static Path modelsDir() {
    Path models = Path.of("").toAbsolutePath().getParent().resolve("models");
    assertTrue(Files.isRegularFile(models.resolve("student.nn")), "cannot find models/student.nn from "
        + Path.of("").toAbsolutePath());
    assertTrue(Files.isRegularFile(models.resolve("data").resolve("student.csv")), "cannot find models/data/student.csv");
    return models;
  }

  static String studentModel() throws IOException {
    return Files.readString(modelsDir().resolve("student.nn"), StandardCharsets.UTF_8);
  }

  static String studentCsv() throws IOException {
    return Files.readString(modelsDir().resolve("data").resolve("student.csv"), StandardCharsets.UTF_8);
  }

  /** Copies student.nn and data/student.csv into {@code dir}; returns the model's path. */
  static Path copyStudent(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.copy(modelsDir().resolve("data").resolve("student.csv"), dir.resolve("data").resolve("student.csv"));
    Path model = dir.resolve("student.nn");
    Files.copy(modelsDir().resolve("student.nn"), model);
    return model;
  }

  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** The student model with {@code from} replaced by {@code to}, which must occur in it. */
  static String studentWith(String from, String to) throws IOException {
    String text = studentModel();
    assertTrue(text.contains(from), "student.nn does not contain '" + from + "'");
    return text.replace(from, to);
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  /** Nothing that looks like a Java stack trace or an exception class name. */
  static void assertNoStackTrace(Run run) {
    for (String text : List.of(run.out(), run.err())) {
      assertFalse(text.contains("\tat "), "stack trace printed:\n" + run.describe());
      assertFalse(text.contains("at dev."), "stack trace printed:\n" + run.describe());
      assertFalse(text.contains("at java."), "stack trace printed:\n" + run.describe());
      assertFalse(text.contains("Exception"), "exception name printed:\n" + run.describe());
      assertFalse(text.contains("internal error"), "internal error:\n" + run.describe());
    }
  }

  /**
   * The run failed with {@code code}, stderr holds exactly one {@code error:} diagnostic mentioning
   * every one of {@code parts}, and no stack trace; stdout does not claim weights were saved.
   */
  static void assertOneError(Run run, int code, String... parts) {
    assertEquals(code, run.code(), run.describe());
    assertEquals(1, count(run.err(), "error:"), "expected exactly one 'error:' diagnostic:\n" + run.describe());
    assertNoStackTrace(run);
    assertFalse(run.out().contains("Weights saved"), run.describe());
    for (String part : parts) {
      assertTrue(run.err().contains(part), "stderr should mention '" + part + "':\n" + run.describe());
    }
  }

  private static final Pattern HEADLINE = Pattern.compile("^(.+?):(\\d+):(\\d+): error: .+$");

  /**
   * stderr is a positioned diagnostic in {@code model}: {@code file:line:col: error: ...}, then that line
   * of the file, then a caret under the column.
   */
  static void assertCaretDiagnostic(Run run, Path model) throws IOException {
    List<String> lines = run.err().lines().toList();
    assertTrue(lines.size() >= 3, "expected headline, source line and caret:\n" + run.describe());
    Matcher m = HEADLINE.matcher(lines.get(0));
    assertTrue(m.matches(), "not 'file:line:col: error: ...':\n" + run.describe());
    assertEquals(model.toString(), m.group(1), run.describe());
    int line = Integer.parseInt(m.group(2));
    int column = Integer.parseInt(m.group(3));
    String sourceLine = Files.readString(model, StandardCharsets.UTF_8).lines().toList().get(line - 1);
    assertEquals(sourceLine, lines.get(1), "second line must be line " + line + " of the model:\n" + run.describe());
    String caret = lines.get(2);
    assertEquals(column - 1, caret.indexOf('^'), "caret must sit under column " + column + ":\n" + run.describe());
    assertTrue(caret.substring(0, column - 1).isBlank(), run.describe());
    assertTrue(caret.substring(column).chars().allMatch(c -> c == '~'), run.describe());
  }
}
