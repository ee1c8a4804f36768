package dev.nnc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnc.compiler.NncCompiler;
import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.Diagnostic;
import dev.nnc.compiler.diag.SourceFile;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file in {@code src/test/resources/bad/} is a model with one mistake, jlox style: its first line
 * is {@code # expect: <first line of the diagnostic>}. The compiler must reject it with exactly that
 * diagnostic, followed by the offending source line and a caret under the reported column.
 */
class BadModelsTest {

  private static final String EXPECT = "# expect: ";

  /** {@code name.nn:12:5: error: ...}: the position the diagnostic reports. */
  private static final Pattern HEADLINE = Pattern.compile("^(.+?):(\\d+):(\\d+): error: (.+)$");

  static Path folder() {
    URL url = BadModelsTest.class.getResource("/bad");
    if (url == null) {
      fail("test resource folder 'bad' is missing from the test class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  static List<Path> cases() throws IOException {
    try (Stream<Path> files = Files.list(folder())) {
      return files.filter(p -> p.getFileName().toString().endsWith(".nn")).sorted().toList();
    }
  }

  @Test
  void theFolderHasEnoughCasesNotToPassVacuously() throws IOException {
    List<Path> cases = cases();
    assertTrue(cases.size() >= 20, "only " + cases.size() + " bad models in " + folder());
  }

  @Test
  void everyCaseStatesItsExpectation() throws IOException {
    for (Path file : cases()) {
      String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
      assertTrue(first.startsWith(EXPECT), file.getFileName() + " must start with '" + EXPECT + "...'");
      assertTrue(first.substring(EXPECT.length()).startsWith(file.getFileName() + ":"),
          file.getFileName() + ": the expectation must name the file itself: " + first);
    }
  }

  @TestFactory
  Stream<DynamicTest> eachBadModelGetsOneDiagnosticWithSourceLineAndCaret() throws IOException {
    return cases().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
  }

  private static void check(Path file) throws IOException {
    String name = file.getFileName().toString();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String expected = text.lines().findFirst().orElse("").substring(EXPECT.length()).strip();
    SourceFile source = SourceFile.of(name, text);

    CompileException e = assertThrows(CompileException.class, () -> ModelChecker.check(source),
        name + " was accepted but should be rejected with: " + expected);
    // The front door must agree with the checker.
    assertThrows(CompileException.class, () -> NncCompiler.check(source));
    assertThrows(CompileException.class,
        () -> NncCompiler.compile(source, new CodegenOptions(CodegenOptions.DEFAULT_PACKAGE, 0)));

    String rendered = e.render();
    assertEquals(1, e.diagnostics().size(), name + ": one mistake must give exactly one diagnostic, got:\n" + rendered);
    Diagnostic diagnostic = e.diagnostics().get(0);
    assertEquals(Diagnostic.Severity.ERROR, diagnostic.severity());

    List<String> lines = rendered.lines().toList();
    assertEquals(expected, lines.get(0), name + ": first line of\n" + rendered);

    Matcher m = HEADLINE.matcher(lines.get(0));
    assertTrue(m.matches(), name + ": not 'file:line:col: error: message': " + lines.get(0));
    assertEquals(name, m.group(1));
    int line = Integer.parseInt(m.group(2));
    int column = Integer.parseInt(m.group(3));
    assertEquals(line, diagnostic.position().line());
    assertEquals(column, diagnostic.position().column());
    assertTrue(line >= 2, name + ": line 1 is the expectation comment, nothing can be wrong there");

    assertEquals(3, lines.size(), name + ": expected the diagnostic, the source line and a caret line:\n" + rendered);
    String sourceLine = text.lines().toList().get(line - 1);
    assertEquals(sourceLine, lines.get(1), name + ": the second line must be source line " + line);
    assertTrue(!sourceLine.isBlank(), name + ": the diagnostic points at a blank line");

    String caret = lines.get(2);
    assertEquals(column - 1, caret.indexOf('^'), name + ": the caret must sit under column " + column + ":\n" + rendered);
    assertTrue(caret.substring(0, column - 1).isBlank(), name + ": only indentation before the caret:\n" + rendered);
    assertTrue(caret.substring(column).chars().allMatch(c -> c == '~'), name + ": only '~' after the caret:\n" + rendered);
    // The underline stays within the line (it may point one past the end, at a missing token).
    assertTrue(caret.length() <= Math.max(sourceLine.length(), column),
        name + ": the underline runs past the end of the line:\n" + rendered);
  }
}
