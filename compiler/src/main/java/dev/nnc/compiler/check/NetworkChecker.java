package dev.nnc.compiler.check;

import dev.nnc.compiler.check.Syntax.Statement;
import dev.nnc.compiler.check.Syntax.Value;
import dev.nnc.compiler.diag.Position;
import dev.nnc.compiler.ir.Activation;
import dev.nnc.compiler.ir.Layer;
import dev.nnc.compiler.ir.Shape;
import dev.nnc.grammar.NNParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the {@code network} block into layers, inferring each layer's output shape from its input. */
final class NetworkChecker {

  private final ModelChecker checker;

  NetworkChecker(ModelChecker checker) {
    this.checker = checker;
  }

  /** The layers, or null if the stack cannot be built (diagnostics say why). */
  List<Layer> layers(NNParser.NetworkSectionContext section) {
    List<Statement> statements = Syntax.statements(section.block());
    if (statements.isEmpty()) {
      checker.error(Syntax.position(section.getStart()), "the network is empty; start it with 'input N'");
      return null;
    }
    List<Layer> layers = new ArrayList<>();
    Statement first = statements.get(0);
    if (!first.name().equals("input")) {
      checker.error(first.position(), "the network must start with 'input', found '" + first.name() + "'");
      return null;
    }
    Layer.Input input = input(first);
    if (input == null) {
      return null;
    }
    layers.add(input);
    Shape shape = input.outputShape();
    for (Statement s : statements.subList(1, statements.size())) {
      Layer layer = layer(s, shape);
      if (layer == null) {
        // Keep going with the same shape so later statements are still checked.
        continue;
      }
      layers.add(layer);
      shape = layer.outputShape();
    }
    return layers;
  }

  private Layer.Input input(Statement s) {
    List<Value> values = s.values();
    Value v = checker.single(s, values, "a size, e.g. 'input 2' or 'input [1, 28, 28]'");
    if (v == null) {
      return null;
    }
    if (v.kind() == Value.Kind.SHAPE) {
      if (v.dims().size() > Shape.MAX_RANK) {
        checker.error(v.position(), "an input shape has at most " + Shape.MAX_RANK + " dimensions, found " + v.dims().size());
        return null;
      }
      int[] dims = new int[v.dims().size()];
      long total = 1;
      for (int i = 0; i < dims.length; i++) {
        Long d = checker.integer(v.dims().get(i), "a dimension", 1, ModelChecker.MAX_UNITS);
        if (d == null) {
          return null;
        }
        dims[i] = d.intValue();
        total *= d;
      }
      if (total > ModelChecker.MAX_UNITS) {
        checker.error(v.position(), "the input has " + total + " values; at most " + ModelChecker.MAX_UNITS + " are supported");
        return null;
      }
      return new Layer.Input(Shape.of(dims), s.position());
    }
    Long size = checker.integer(v, "the input size", 1, ModelChecker.MAX_UNITS);
    return size == null ? null : new Layer.Input(Shape.of(size.intValue()), s.position());
  }

  private Layer layer(Statement s, Shape in) {
    List<Value> values = s.values();
    Position at = s.position();
    java.util.Optional<Activation> named = Activation.byKeyword(s.name());
    if (named.isPresent() && named.get() != Activation.IDENTITY) {
      if (!values.isEmpty()) {
        checker.error(values.get(0).position(), "unexpected " + values.get(0).describe() + " after '" + s.name() + "'");
        return null;
      }
      Activation activation = activation(s.name(), at, s.parameters());
      return activation == null ? null : new Layer.Act(in, activation, at);
    }
    if (!s.name().equals("batchnorm") && !checker.noParameters(s)) {
      return null;
    }
    switch (s.name()) {
      case "input" -> {
        checker.error(at, "'input' may only start the network");
        return null;
      }
      case "dense" -> {
        return dense(s, values, in);
      }
      case "dropout" -> {
        Value v = checker.single(s, values, "a drop probability, e.g. 'dropout 0.5'");
        Double rate = v == null ? null : checker.number(v, "the dropout rate");
        if (rate == null) {
          return null;
        }
        if (rate < 0 || rate >= 1) {
          checker.error(v.position(), "the dropout rate must be at least 0 and below 1, got " + v.text());
          return null;
        }
        return new Layer.Dropout(in, rate, at);
      }
      case "batchnorm" -> {
        if (!values.isEmpty()) {
          checker.error(values.get(0).position(), "unexpected " + values.get(0).describe() + " after 'batchnorm'");
          return null;
        }
        if (in.rank() != 1) {
          checker.error(at, "batchnorm expects a vector but gets " + in + "; add 'flatten' before it");
          return null;
        }
        Map<String, Double> p = checker.parameters("batchnorm", s.parameters(),
            Map.of("momentum", Layer.BatchNorm.DEFAULT_MOMENTUM, "eps", Layer.BatchNorm.DEFAULT_EPS), "momentum");
        if (p == null) {
          return null;
        }
        if (!(p.get("momentum") >= 0 && p.get("momentum") <= 1) || !(p.get("eps") > 0)) {
          checker.error(at, "batchnorm needs 0 <= momentum <= 1 and eps > 0");
          return null;
        }
        return new Layer.BatchNorm(in, p.get("momentum"), p.get("eps"), at);
      }
      case "flatten" -> {
        if (!values.isEmpty()) {
          checker.error(values.get(0).position(), "unexpected " + values.get(0).describe() + " after 'flatten'");
          return null;
        }
        return new Layer.Flatten(in, at);
      }
      default -> {
        List<String> known = new ArrayList<>(ModelChecker.LAYERS);
        Activation.keywords().stream().filter(k -> !k.equals("linear")).forEach(known::add);
        checker.error(at, "unknown layer '" + s.name() + "'"
            + ModelChecker.hint(s.name(), known, "; expected one of " + String.join(", ", known)));
        return null;
      }
    }
  }

  /** The activation {@code name} with its parameters: only leaky_relu takes one, its negative slope. */
  private Activation activation(String name, Position at, List<Syntax.Parameter> parameters) {
    Activation activation = Activation.byKeyword(name).orElseThrow();
    if (activation.kind() != Activation.Kind.LEAKY_RELU) {
      if (parameters != null) {
        checker.error(at, "'" + name + "' takes no parameters");
        return null;
      }
      return activation;
    }
    Map<String, Double> p = checker.parameters("leaky_relu", parameters,
        Map.of("negative_slope", Activation.DEFAULT_SLOPE), "negative_slope");
    if (p == null) {
      return null;
    }
    double slope = p.get("negative_slope");
    if (!(slope >= 0 && slope < 1)) {
      // The backward pass reads the derivative off the output's sign, which needs 0 <= slope < 1.
      checker.error(at, "leaky_relu's negative_slope must be at least 0 and below 1, got " + slope);
      return null;
    }
    return Activation.leakyRelu(slope);
  }

  private Layer dense(Statement s, List<Value> values, Shape in) {
    if (values.isEmpty()) {
      checker.error(s.position(), "'dense' needs a number of units, e.g. 'dense 16 relu'");
      return null;
    }
    Value unitsValue = values.get(0);
    Long units = checker.integer(unitsValue, "the number of units", 1, ModelChecker.MAX_UNITS);
    if (units == null) {
      return null;
    }
    Activation activation = Activation.IDENTITY;
    if (values.size() > 1) {
      Value act = values.get(1);
      java.util.Optional<Activation> known = act.isName() ? Activation.byKeyword(act.text()) : java.util.Optional.empty();
      if (known.isEmpty()) {
        checker.error(act.position(), "unknown activation " + act.describe()
            + ModelChecker.hint(act.text(), Activation.keywords(), "; expected one of "
            + String.join(", ", Activation.keywords())));
        return null;
      }
      activation = activation(act.text(), act.position(), act.parameters());
      if (activation == null) {
        return null;
      }
    }
    if (values.size() > 2) {
      checker.error(values.get(2).position(), "unexpected " + values.get(2).describe() + " after '" + "dense "
          + unitsValue.text() + " " + values.get(1).text() + "'");
      return null;
    }
    if (in.rank() != 1) {
      checker.error(s.position(), "dense expects a vector but gets " + in + "; add 'flatten' before it");
      // Carry on as if the flatten were there, so later layers are not blamed for the same mistake.
      return new Layer.Dense(Shape.of(in.size()), units.intValue(), activation, s.position());
    }
    if ((long) in.size() * units > 64L * ModelChecker.MAX_UNITS) {
      checker.error(unitsValue.position(), "dense " + in.size() + " -> " + units + " has too many weights ("
          + (long) in.size() * units + ")");
      return null;
    }
    return new Layer.Dense(in, units.intValue(), activation, s.position());
  }
}
