package dev.nnc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnc.compiler.InMemoryJavaCompiler;
import dev.nnc.compiler.NncCompiler;
import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.Diagnostic;
import dev.nnc.compiler.diag.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;
import org.junit.jupiter.api.Test;

/**
 * Mutates valid models at random (seeded) and feeds the results to the compiler. Each input must
 * either compile or be rejected with diagnostics; nothing else (no RuntimeException, no
 * StackOverflowError) may escape. A sample of the inputs that compile is also run through javac, which
 * catches text from the .nn file reaching the Java source unescaped.
 */
class FuzzTest {

  static final long SEED = 0x5eed_2024L;
  static final int ITERATIONS = 5000;
  /** How many distinct generated sources go through javac; each takes a fraction of a second. */
  static final int JAVAC_SAMPLES = 30;

  static final CodegenOptions OPTIONS = new CodegenOptions("dev.nnc.models", 512);

  /** A copy of models/student.nn, used when the repository file cannot be found. */
  static final String STUDENT = """
      # The cheat sheet's case study: will a student pass, given study and sleep hours?
      model StudentPerformance

      data "data/student.csv" {
          features study_hours, sleep_hours
          label result classes Fail, Pass
          split test 0.2 seed 42        # as train_test_split(test_size=0.2, random_state=42)
          scale standard                # fitted on the training rows only
      }

      network {
          input 2
          dense 16 relu
          dense 1 sigmoid
      }

      train {
          loss bce
          optimizer adam(lr = 0.01)
          epochs 100
          batch 2
          shuffle false                 # the cheat sheet walks the training rows in order
          predict 6, 7                  # a new student: 6 study hours, 7 sleep hours
          seed 42
      }
      """;

  static final String IRIS = """
      model iris_classifier
      data "iris.csv" {
          features sepal_length, sepal_width, petal_length, petal_width, "odd column"
          label species classes setosa, versicolor, "virginica (v)"
          split test 0.3 seed 7
          scale standard
      }
      network {
          input 5
          dense 7 tanh
          dense 7 sigmoid
          dense 3 softmax
      }
      train {
          loss cross_entropy
          optimizer sgd(lr = 0.1, momentum = 0.9, nesterov = true)
          epochs 20; batch 8; shuffle true; seed 3
          predict 5.1, 3.5, 1.4, 0.2, 1e-3
      }
      """;

  static final String REGRESSION = """
      model house_prices
      data "houses.csv" {
          features rooms, area, age
          label price
          scale none
      }
      network {
          input 3
          dense 4 relu
          dense 1
      }
      train {
          loss mse
          optimizer rmsprop(lr = 0.001, alpha = 0.9, centered = false)
          epochs 5
          batch 16
          predict 3, 120.5, -2
      }
      """;

  static final String IMAGE = """
      model tiny_images
      network {
          input [1, 4, 4]
          flatten
          dense 8 relu
          dense 10
      }
      train {
          loss ce
          optimizer adam(0.01, beta1 = 0.8, weight_decay = 0.0001)
          epochs 3
          batch 4
      }
      """;

  /** Tokens as the .nn lexer sees them, roughly: names, numbers, strings, single other characters. */
  static final Pattern TOKEN = Pattern.compile(
      "[A-Za-z_][A-Za-z_0-9]*|-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|\"[^\"\\\\\\r\\n]*+(?:\\\\.[^\"\\\\\\r\\n]*+)*+\"|\\S");
  static final Pattern NUMBER = Pattern.compile("-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*");
  static final Pattern STRING = Pattern.compile("\"[^\"\\\\\\r\\n]*+(?:\\\\.[^\"\\\\\\r\\n]*+)*+\"");

  static final Pattern CARET = Pattern.compile("[ \t]*\\^~*");

  static final String[] INSERTS = {
    "\"", "{", "}", "\u0000", "*/", "/*", "\\u", "\\u0041", "\\", "é", "\uD83D\uDE00", "\u202E", "\uFEFF",
    "\r", "\n", "\r\n", ";", ",", "(", ")", "[", "]", "=", "#", "//", "\t", "\f", "-", ".", "'", "$", "@",
    "\uFFFF", "\uD800", "`", "\u00A0", "0", "9", "e"
  };

  static final String[] NUMBERS = {
    "1e999", "-1e999", "1e-999", "-1", "0", "-0", "0.0", "99999999999999999999", "2147483648", "-2147483649",
    "9223372036854775808", "1048576", "1048577", "65536", "65537", "1000000", "1000001", ".5", "5.", "1e3",
    "1E+2", "4.9e-324", "1.7976931348623157e308", "00000000000000000000000000001", "0.99999999999999999", "1",
    "2", "3", "16", "4294967296", "NaN", "Infinity", "-", "--1", "1e", "0x10"
  };

  static final String[] NAMES = {
    "class", "int", "void", "null", "true", "false", "public", "goto", "const", "_", "__", "String", "System",
    "Network", "Loss", "Math", "Object", "java", "dev", "record", "var", "yield", "enum", "assert",
    "strictfp", "model", "data", "network", "train", "input", "dense", "flatten", "dropout", "batchnorm",
    "relu", "sigmoid", "tanh", "softmax", "linear", "mse", "bce", "ce", "cross_entropy", "sgd", "adam",
    "rmsprop", "lr", "features", "label", "classes", "split", "scale", "test", "seed", "predict", "epochs",
    "batch", "shuffle", "standard", "none", "x", "StudentPerformance", "Model", "MODEL_NAME", "a1", "_1",
    "my_model_2", "A__B", "loss", "optimizer"
  };

  static final String[] STRINGS = {
    "\"\"", "\"Pass*/ \\u0041\"", "\"*/ class X {} /*\"", "\"\\n\"", "\"\\\"\"", "\"\\\\\"", "\"\\u0000\"",
    "\"\\u000a\"", "\"${x}\"", "\"study hours (h)\"", "\"a,b\"", "\"é ü 😀\"", "\"\\t tab\"", "\"%s %n\"",
    "\"\\\\u0041\"", "\"/* x\"", "\"// x\"", "\"\\b\\f\\r\"", "\"\\/\"", "\"\u202E\""
  };

  static final String[] STATEMENTS = {
    "flatten", "dropout 0.5", "batchnorm", "dense 3 softmax", "dense 1 sigmoid", "dense 2", "input 3",
    "input [1, 2, 2]", "relu", "softmax", "tanh", "sigmoid", "predict 1, 2", "predict 1, 2, 3, 4, 5",
    "classes A, B, C", "classes \"*/\", \"\\u0041\"", "label x", "split test 0.5", "split seed 1",
    "optimizer sgd(lr = 0.1, momentum = 0.9, nesterov = true)", "optimizer rmsprop", "optimizer sgd",
    "loss mse", "loss cross_entropy", "loss bce", "features a, b, c", "features \"x y\", z", "scale standard",
    "epochs 1", "batch 1", "shuffle true", "seed 0", "data \"x.csv\" { features a; label b }",
    "network { input 1; dense 1 }", "train { loss mse }", "model Other", "optimizer adam(lr = 0.1, lr = 0.2)",
    "optimizer adam(beta1 = 1)", "optimizer adam(lr = \"x\")", "dense 16 relu(1)", "input [1, 1, 1, 1, 1]",
    "input [0, 2]", "input [1048576, 1048576]", "dense 1048576", "label y classes"
  };

  static final String[] DISPLAY_NAMES = {"fuzz.nn", "dir/fuzz.nn", "weird*/ name\\u0041.nn", "ünïcode.nn"};

  record Token(int start, int end, String text) {}

  @Test
  void mutatedModelsCompileOrFailWithDiagnostics() {
    Map<String, String> bases = bases();
    // The starting points themselves must compile, or the fuzzing exercises only the error paths.
    for (Map.Entry<String, String> base : bases.entrySet()) {
      try {
        GeneratedSource source = NncCompiler.compile(SourceFile.of(base.getKey(), base.getValue()), OPTIONS).source();
        assertNotNull(InMemoryJavaCompiler.compileAndLoad(source));
      } catch (CompileException e) {
        fail("base model " + base.getKey() + " does not compile:\n" + e.render());
      }
    }

    List<String> texts = new ArrayList<>(bases.values());
    Random random = new Random(SEED);
    Set<String> compiledSources = new HashSet<>();
    Set<String> javacChecked = new HashSet<>();
    int accepted = 0;
    int rejected = 0;
    long deadline = System.nanoTime() + 50_000_000_000L;
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      String text = texts.get(random.nextInt(texts.size()));
      int mutations = 1 + random.nextInt(random.nextInt(10) == 0 ? 8 : 3);
      for (int m = 0; m < mutations; m++) {
        text = mutate(text, random);
      }
      String displayName = DISPLAY_NAMES[random.nextInt(DISPLAY_NAMES.length)];
      GeneratedSource generated = compileOrDiagnose(displayName, text, iteration);
      if (generated == null) {
        rejected++;
        continue;
      }
      accepted++;
      checkGeneratedText(generated, text, iteration);
      if (compiledSources.add(generated.source()) && javacChecked.size() < JAVAC_SAMPLES
          && System.nanoTime() < deadline) {
        javacChecked.add(generated.source());
        try {
          Class<?> type = InMemoryJavaCompiler.compileAndLoad(generated);
          assertNotNull(type);
          assertTrue(dev.nnc.runtime.Network.class.isAssignableFrom(type), generated.className());
        } catch (Throwable t) {
          fail("iteration " + iteration + ": the generated Java does not compile or load (" + t + ") for input:\n"
              + show(text) + "\n---- generated source ----\n" + generated.source(), t);
        }
      }
    }
    System.out.printf("FuzzTest: %d mutated models, %d compiled (%d distinct sources, %d through javac), %d rejected%n",
        ITERATIONS, accepted, compiledSources.size(), javacChecked.size(), rejected);
    // The mutations must leave a fair share of inputs valid, or the javac sample is meaningless.
    assertTrue(accepted >= 100, "only " + accepted + " of " + ITERATIONS + " mutated models compiled");
    assertTrue(rejected >= 1000, "only " + rejected + " of " + ITERATIONS + " mutated models were rejected");
    assertTrue(javacChecked.size() >= 10, "only " + javacChecked.size() + " distinct generated sources went through javac");
  }

  /** Adversarial names that are valid in .nn but not as Java: the generated class must still compile. */
  @Test
  void hostileNamesNeverReachJavaRaw() {
    String[] modelNames = {"class", "int", "void", "my_model_2", "_", "__", "_1", "String", "Network", "goto",
        "StudentPerformance", "A__B", "model", "data", "record", "var"};
    Set<String> classNames = new HashSet<>();
    for (String name : modelNames) {
      String text = STUDENT.replace("model StudentPerformance", "model " + name)
          .replace("features study_hours, sleep_hours", "features \"study hours (h)\", \"*/ sleep \\u0041\"")
          .replace("classes Fail, Pass", "classes \"Fail\\n\", \"Pass*/ \\u0041\"")
          .replace("\"data/student.csv\"", "\"data/*/ \\u000a student.csv\"");
      GeneratedSource generated = compileOrDiagnose(name + ".nn", text, -1);
      assertNotNull(generated, "model " + name + " was rejected");
      checkGeneratedText(generated, text, -1);
      String simpleName = generated.className().substring(generated.className().lastIndexOf('.') + 1);
      assertTrue(SourceVersion.isName(simpleName), simpleName);
      assertFalse(SourceVersion.isKeyword(simpleName), simpleName);
      classNames.add(simpleName);
      if (name.equals("class") || name.equals("my_model_2") || name.equals("_")) {
        Class<?> type = InMemoryJavaCompiler.compileAndLoad(generated);
        assertTrue(dev.nnc.runtime.Network.class.isAssignableFrom(type), type.getName());
      }
    }
    assertTrue(classNames.size() >= 10, "too many model names collapse to the same class: " + classNames);
  }

  // ---- checks ----------------------------------------------------------------------------------

  /** Compiles, returning the source; null if rejected properly; fails on anything else. */
  static GeneratedSource compileOrDiagnose(String displayName, String text, int iteration) {
    SourceFile source = SourceFile.of(displayName, text);
    try {
      GeneratedSource generated = NncCompiler.compile(source, OPTIONS).source();
      assertNotNull(generated, "compile returned null");
      return generated;
    } catch (CompileException e) {
      if (e.diagnostics().isEmpty()) {
        fail("iteration " + iteration + ": CompileException without diagnostics for input:\n" + show(text));
      }
      for (Diagnostic d : e.diagnostics()) {
        String rendered;
        try {
          rendered = d.format(source);
        } catch (Throwable t) {
          throw new AssertionError("iteration " + iteration + ": rendering " + d + " threw " + t + " for input:\n"
              + show(text), t);
        }
        if (!rendered.startsWith(displayName + ":")) {
          fail("iteration " + iteration + ": diagnostic does not start with '" + displayName + ":': " + rendered
              + "\ninput:\n" + show(text));
        }
        // One headline, then (if the position is known and its line is not blank) the line and a caret.
        List<String> lines = rendered.lines().toList();
        if ((lines.size() != 1 && lines.size() != 3) || !lines.get(0).contains(": error: ")
            || (lines.size() == 3 && !CARET.matcher(lines.get(2)).matches())) {
          fail("iteration " + iteration + ": malformed diagnostic:\n" + show(rendered) + "\ninput:\n" + show(text));
        }
        if (d.message() == null || d.message().isBlank()) {
          fail("iteration " + iteration + ": empty diagnostic message for input:\n" + show(text));
        }
      }
      String all = e.render();
      // -Dfuzz.dump=1 lists every first diagnostic, to review the wording of messages in bulk.
      if (System.getProperty("fuzz.dump") != null) {
        System.out.println("DIAG " + e.diagnostics().get(0).message());
      }
      if (all.contains("Exception") || all.contains("\tat ")) {
        fail("iteration " + iteration + ": a diagnostic leaks Java internals:\n" + all + "\ninput:\n" + show(text));
      }
      return null;
    } catch (Throwable t) {
      throw new AssertionError("iteration " + iteration + ": " + t + " escaped the compiler for input:\n"
          + show(text), t);
    }
  }

  /**
   * Cheap checks on every generated source: a plain Java class name, and no text that the .nn file could
   * have smuggled in (control characters, raw line breaks other than '\n').
   */
  static void checkGeneratedText(GeneratedSource generated, String input, int iteration) {
    String className = generated.className();
    for (String part : className.split("\\.")) {
      if (!SourceVersion.isIdentifier(part) || SourceVersion.isKeyword(part)) {
        fail("iteration " + iteration + ": generated class name '" + className + "' is not valid Java for input:\n"
            + show(input));
      }
    }
    String source = generated.source();
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if ((c < 0x20 && c != '\n') || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u202E' || c == '\uFEFF'
          || Character.isSurrogate(c)) {
        int line = (int) source.substring(0, i).chars().filter(ch -> ch == '\n').count() + 1;
        fail("iteration " + iteration + ": generated source line " + line + " holds character U+"
            + String.format("%04X", (int) c) + " for input:\n" + show(input));
      }
    }
  }

  // ---- mutations -------------------------------------------------------------------------------

  static String mutate(String text, Random random) {
    List<Token> tokens = tokens(text);
    if (tokens.isEmpty() || text.isEmpty()) {
      return text + INSERTS[random.nextInt(INSERTS.length)];
    }
    Token t = tokens.get(random.nextInt(tokens.size()));
    switch (random.nextInt(14)) {
      case 0 -> { // delete a token
        return text.substring(0, t.start) + text.substring(t.end);
      }
      case 1 -> { // duplicate a token
        return text.substring(0, t.end) + " " + t.text + text.substring(t.end);
      }
      case 2 -> { // swap two tokens
        Token u = tokens.get(random.nextInt(tokens.size()));
        Token a = t.start <= u.start ? t : u;
        Token b = t.start <= u.start ? u : t;
        if (a.equals(b)) {
          return text;
        }
        return text.substring(0, a.start) + b.text + text.substring(a.end, b.start) + a.text + text.substring(b.end);
      }
      case 3 -> { // insert a character or short sequence somewhere
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + INSERTS[random.nextInt(INSERTS.length)] + text.substring(at);
      }
      case 4 -> { // replace a number
        List<Token> numbers = matching(tokens, NUMBER);
        Token n = numbers.isEmpty() ? t : numbers.get(random.nextInt(numbers.size()));
        return replace(text, n, NUMBERS[random.nextInt(NUMBERS.length)]);
      }
      case 5 -> { // rename an identifier
        List<Token> names = matching(tokens, NAME);
        Token n = names.isEmpty() ? t : names.get(random.nextInt(names.size()));
        return replace(text, n, NAMES[random.nextInt(NAMES.length)]);
      }
      case 6 -> { // replace a string literal, or put a string where a name was
        List<Token> strings = matching(tokens, STRING);
        Token s = strings.isEmpty() || random.nextInt(3) == 0 ? t : strings.get(random.nextInt(strings.size()));
        return replace(text, s, STRINGS[random.nextInt(STRINGS.length)]);
      }
      case 7 -> { // delete a line
        List<String> lines = lines(text);
        lines.remove(random.nextInt(lines.size()));
        return String.join("\n", lines);
      }
      case 8 -> { // duplicate a line
        List<String> lines = lines(text);
        int i = random.nextInt(lines.size());
        lines.add(i, lines.get(i));
        return String.join("\n", lines);
      }
      case 9 -> { // swap two lines
        List<String> lines = lines(text);
        int i = random.nextInt(lines.size());
        int j = random.nextInt(lines.size());
        String line = lines.get(i);
        lines.set(i, lines.get(j));
        lines.set(j, line);
        return String.join("\n", lines);
      }
      case 10 -> { // insert a whole statement on a new line
        List<String> lines = lines(text);
        lines.add(random.nextInt(lines.size() + 1), STATEMENTS[random.nextInt(STATEMENTS.length)]);
        return String.join("\n", lines);
      }
      case 11 -> { // truncate
        return text.substring(0, random.nextInt(text.length() + 1));
      }
      case 12 -> { // replace a token with a random character
        return replace(text, t, INSERTS[random.nextInt(INSERTS.length)]);
      }
      default -> { // deep nesting or a long run, to look for stack or time blow-ups
        int at = random.nextInt(text.length() + 1);
        String unit = switch (random.nextInt(4)) {
          case 0 -> "{";
          case 1 -> "(";
          case 2 -> "[1, ";
          default -> "relu\n";
        };
        return text.substring(0, at) + unit.repeat(1 + random.nextInt(3000)) + text.substring(at);
      }
    }
  }

  static List<Token> tokens(String text) {
    List<Token> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      tokens.add(new Token(m.start(), m.end(), m.group()));
    }
    return tokens;
  }

  static List<Token> matching(List<Token> tokens, Pattern pattern) {
    return tokens.stream().filter(t -> pattern.matcher(t.text).matches()).toList();
  }

  static String replace(String text, Token token, String replacement) {
    return text.substring(0, token.start) + replacement + text.substring(token.end);
  }

  static List<String> lines(String text) {
    return new ArrayList<>(List.of(text.split("\n", -1)));
  }

  /** The input with invisible characters made visible, for failure messages. */
  static String show(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '\n') {
        out.append('\n');
      } else if (c < 0x20 || c == 0x7f || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static Map<String, String> bases() {
    Map<String, String> bases = new LinkedHashMap<>();
    bases.put("student.nn", studentModel());
    bases.put("iris.nn", IRIS);
    bases.put("houses.nn", REGRESSION);
    bases.put("images.nn", IMAGE);
    return bases;
  }

  /** models/student.nn from the repository (tests run in compiler/), else the copy above. */
  static String studentModel() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("models").resolve("student.nn");
      if (Files.isRegularFile(file)) {
        try {
          return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          break;
        }
      }
    }
    return STUDENT;
  }
}
