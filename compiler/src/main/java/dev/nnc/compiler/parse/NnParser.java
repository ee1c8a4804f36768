package dev.nnc.compiler.parse;

import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.Diagnostic;
import dev.nnc.compiler.diag.Position;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.grammar.NNLexer;
import dev.nnc.grammar.NNParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Parses {@code .nn} text with the ANTLR grammar, turning syntax errors into diagnostics. */
public final class NnParser {

  private NnParser() {}

  /**
   * Returns the parse tree, or throws with the first syntax error: later ones are usually echoes of the
   * first, so reporting them would only bury it.
   */
  public static NNParser.FileContext parse(SourceFile source) throws CompileException {
    List<Diagnostic> errors = new ArrayList<>();
    SyntaxErrorListener listener = new SyntaxErrorListener(errors);

    NNLexer lexer = new NNLexer(CharStreams.fromString(source.text(), source.displayName()));
    lexer.removeErrorListeners();
    lexer.addErrorListener(listener);
    NNParser parser = new NNParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(listener);

    NNParser.FileContext file = parser.file();
    if (!errors.isEmpty()) {
      throw new CompileException(source, List.of(errors.get(0)));
    }
    return file;
  }

  /** Rephrases ANTLR's messages in the language's own terms. */
  private static final class SyntaxErrorListener extends BaseErrorListener {
    private final List<Diagnostic> errors;

    SyntaxErrorListener(List<Diagnostic> errors) {
      this.errors = errors;
    }

    @Override
    public void syntaxError(
        Recognizer<?, ?> recognizer,
        Object offendingSymbol,
        int line,
        int charPositionInLine,
        String msg,
        RecognitionException e) {
      Token token = offendingSymbol instanceof Token t ? t : null;
      int length = token == null ? 1 : Math.max(1, token.getStopIndex() - token.getStartIndex() + 1);
      Position position = new Position(line, charPositionInLine + 1, length);
      if (token != null && token.getType() == Token.EOF && recognizer instanceof NNParser parser) {
        position = endOfLastToken(parser.getInputStream(), token, position);
      }
      String message;
      if (token == null) {
        message = "syntax error: " + msg;
      } else if (token.getType() == NNLexer.UNEXPECTED && token.getText().equals("\"")) {
        message = badString(token);
      } else if (token.getType() == NNLexer.UNEXPECTED) {
        message = "unexpected character " + quote(token.getText());
      } else {
        String expected = recognizer instanceof NNParser parser ? expected(parser) : "";
        message = "unexpected " + describe(token) + expected;
      }
      errors.add(Diagnostic.error(position, message));
    }

    /**
     * Where to point for an unexpected end of file: just after the last token, so the caret sits on a
     * line that has text rather than past the end of the file.
     */
    private static Position endOfLastToken(org.antlr.v4.runtime.TokenStream tokens, Token eof, Position fallback) {
      for (int i = eof.getTokenIndex() - 1; i >= 0; i--) {
        Token previous = tokens.get(i);
        if (previous.getType() != NNLexer.NL && previous.getType() != Token.EOF) {
          int width = Math.max(1, previous.getStopIndex() - previous.getStartIndex() + 1);
          return new Position(previous.getLine(), previous.getCharPositionInLine() + width + 1, 1);
        }
      }
      return fallback;
    }

    /** Why a quote did not start a string: it is never closed on its line, or holds a bad escape. */
    private static String badString(Token token) {
      org.antlr.v4.runtime.CharStream input = token.getInputStream();
      String rest = input == null || token.getStartIndex() + 1 > input.size() - 1
          ? ""
          : input.getText(org.antlr.v4.runtime.misc.Interval.of(token.getStartIndex() + 1, input.size() - 1));
      for (int i = 0; i < rest.length(); i++) {
        char c = rest.charAt(i);
        if (c == '\r' || c == '\n' || c == '"') {
          break;
        }
        if (c == '\\') {
          String escape = rest.substring(i, Math.min(rest.length(), i + 6));
          if (escape.length() < 2 || escape.charAt(1) == '\r' || escape.charAt(1) == '\n') {
            break;
          }
          boolean valid = ("\"\\/bfnrt".indexOf(escape.charAt(1)) >= 0
              || escape.matches("\\\\u[0-9a-fA-F]{4}"));
          if (!valid) {
            return "invalid escape " + quote(escape.substring(0, Math.min(2, escape.length())))
                + " in string; write \\\\ for a backslash";
          }
          i += escape.charAt(1) == 'u' ? 5 : 1;
        }
      }
      return "unterminated string: a string must end with \" on the same line";
    }

    private static String expected(NNParser parser) {
      IntervalSet tokens;
      try {
        tokens = parser.getExpectedTokens();
      } catch (IllegalArgumentException | IllegalStateException e) {
        return "";
      }
      List<String> names = new ArrayList<>();
      // Section keywords are names too; where any name fits, listing them as well only confuses.
      boolean anyName = tokens.contains(NNLexer.ID);
      for (int type : tokens.toArray()) {
        if (anyName && (type == NNLexer.MODEL || type == NNLexer.DATA || type == NNLexer.NETWORK
            || type == NNLexer.TRAIN || type == NNLexer.TUNE)) {
          continue;
        }
        String name = tokenName(type);
        if (name != null && !names.contains(name)) {
          names.add(name);
        }
      }
      if (names.isEmpty() || names.size() > 5) {
        return "";
      }
      return names.size() == 1
          ? "; expected " + names.get(0)
          : "; expected one of " + String.join(", ", names);
    }

    private static String tokenName(int type) {
      return switch (type) {
        case NNLexer.ID -> "a name";
        case NNLexer.NUMBER -> "a number";
        case NNLexer.STRING -> "a quoted string";
        case NNLexer.NL -> "a new line";
        case NNLexer.MODEL -> "'model'";
        case NNLexer.DATA -> "'data'";
        case NNLexer.NETWORK -> "'network'";
        case NNLexer.TRAIN -> "'train'";
        case NNLexer.TUNE -> "'tune'";
        case Token.EOF -> "the end of the file";
        default -> {
          String literal = NNLexer.VOCABULARY.getLiteralName(type);
          yield literal;
        }
      };
    }

    private static String describe(Token token) {
      return switch (token.getType()) {
        case Token.EOF -> "end of file";
        case NNLexer.NL -> "end of line";
        case NNLexer.STRING -> "string " + token.getText();
        case NNLexer.NUMBER -> "number " + token.getText();
        default -> quote(token.getText());
      };
    }

    private static String quote(String text) {
      return "'" + Diagnostic.visible(text) + "'";
    }
  }
}
