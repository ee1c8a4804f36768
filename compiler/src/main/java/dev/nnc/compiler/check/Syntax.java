package dev.nnc.compiler.check;

import dev.nnc.compiler.diag.Position;
import dev.nnc.grammar.NNParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * A flat view of statements, so the checker reads {@code dense 16 relu} as a name and a list of values
 * instead of walking ANTLR contexts.
 */
final class Syntax {

  private Syntax() {}

  /**
   * {@code name arg arg, arg ...}: each argument is a comma-separated list of values; {@code parameters}
   * are those written on the name itself, {@code leaky_relu(0.2)}, or null when it has no parentheses.
   */
  record Statement(String name, Position position, List<Parameter> parameters, List<List<Value>> arguments) {

    /** All values in order, ignoring how commas grouped them. */
    List<Value> values() {
      List<Value> all = new ArrayList<>();
      arguments.forEach(all::addAll);
      return all;
    }
  }

  /** One value: a number, a string, a shape, or a name with optional parameters. */
  record Value(Kind kind, String text, Position position, List<Parameter> parameters, List<Value> dims) {
    enum Kind {
      NUMBER,
      STRING,
      SHAPE,
      NAME
    }

    boolean isName() {
      return kind == Kind.NAME;
    }

    boolean hasParameters() {
      return parameters != null;
    }

    String describe() {
      return switch (kind) {
        case NUMBER -> "number " + text;
        case STRING -> "string " + literal(text);
        case SHAPE -> "shape " + text;
        case NAME -> "'" + text + "'";
      };
    }
  }

  /** A string value as it could be written in a .nn file: quoted, with escapes for quotes and controls. */
  static String literal(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** {@code lr = 0.01} or a positional {@code 0.01} (name null). */
  record Parameter(String name, Position namePosition, Value value) {}

  static List<Statement> statements(NNParser.BlockContext block) {
    List<Statement> statements = new ArrayList<>();
    for (NNParser.StatementContext s : block.statement()) {
      List<List<Value>> arguments = new ArrayList<>();
      for (NNParser.ArgumentContext a : s.argument()) {
        List<Value> values = new ArrayList<>();
        for (NNParser.ValueContext v : a.value()) {
          values.add(value(v));
        }
        arguments.add(values);
      }
      Value head = call(s.call());
      statements.add(new Statement(head.text(), head.position(), head.parameters(), arguments));
    }
    return statements;
  }

  private static Value value(NNParser.ValueContext v) {
    if (v.NUMBER() != null) {
      return number(v.NUMBER().getSymbol());
    }
    if (v.STRING() != null) {
      return string(v.STRING().getSymbol());
    }
    if (v.shape() != null) {
      List<Value> dims = v.shape().NUMBER().stream().map(n -> number(n.getSymbol())).toList();
      return new Value(Value.Kind.SHAPE, v.shape().getText(), position(v.shape()), null, dims);
    }
    return call(v.call());
  }

  private static Value call(NNParser.CallContext call) {
    List<Parameter> parameters = null;
    if (call.getChild(1) != null) {
      parameters = new ArrayList<>();
      for (NNParser.ParameterContext p : call.parameter()) {
        Value parameterValue;
        if (p.NUMBER() != null) {
          parameterValue = number(p.NUMBER().getSymbol());
        } else if (p.STRING() != null) {
          parameterValue = string(p.STRING().getSymbol());
        } else {
          NNParser.NameContext valueName = p.name().get(p.name().size() - 1);
          parameterValue = new Value(Value.Kind.NAME, valueName.getText(), position(valueName), null, null);
        }
        boolean named = p.getChildCount() > 1 && "=".equals(p.getChild(1).getText());
        NNParser.NameContext key = named ? p.name(0) : null;
        parameters.add(new Parameter(
            key == null ? null : key.getText(), key == null ? null : position(key), parameterValue));
      }
    }
    return new Value(Value.Kind.NAME, call.name().getText(), position(call.name()), parameters, null);
  }

  private static Value number(Token token) {
    return new Value(Value.Kind.NUMBER, token.getText(), position(token), null, null);
  }

  private static Value string(Token token) {
    return new Value(Value.Kind.STRING, unescape(token.getText()), position(token), null, null);
  }

  /** The contents of a string literal, escapes resolved (the grammar only admits valid ones). */
  static String unescape(String literal) {
    String body = literal.substring(1, literal.length() - 1);
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }

  static Position position(Token token) {
    int length = Math.max(1, token.getStopIndex() - token.getStartIndex() + 1);
    return new Position(token.getLine(), token.getCharPositionInLine() + 1, length);
  }

  static Position position(ParserRuleContext context) {
    Token start = context.getStart();
    Token stop = context.getStop() == null ? start : context.getStop();
    int length = start.getLine() == stop.getLine()
        ? Math.max(1, stop.getStopIndex() - start.getStartIndex() + 1)
        : 1;
    return new Position(start.getLine(), start.getCharPositionInLine() + 1, length);
  }
}
