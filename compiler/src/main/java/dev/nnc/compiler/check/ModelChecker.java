package dev.nnc.compiler.check;

import dev.nnc.compiler.check.Syntax.Parameter;
import dev.nnc.compiler.check.Syntax.Statement;
import dev.nnc.compiler.check.Syntax.Value;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.Diagnostic;
import dev.nnc.compiler.diag.Position;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.compiler.diag.Suggestions;
import dev.nnc.compiler.ir.Activation;
import dev.nnc.compiler.ir.DataSpec;
import dev.nnc.compiler.ir.EarlyStoppingSpec;
import dev.nnc.compiler.ir.Layer;
import dev.nnc.compiler.ir.LossKind;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.compiler.ir.TrainSpec;
import dev.nnc.compiler.ir.TuneSpec;
import dev.nnc.compiler.parse.NnParser;
import dev.nnc.grammar.NNParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a parse tree into a {@link ModelSpec}: resolves names, infers every layer's shape and checks
 * that the pieces fit together. All problems found are reported together.
 */
public final class ModelChecker {

  /** Largest size of any one dimension or layer; keeps buffer sizes and offsets within int range. */
  static final int MAX_UNITS = 1 << 20;

  static final List<String> LAYERS = List.of("input", "dense", "dropout", "batchnorm", "flatten");
  static String hint(String word, java.util.Collection<String> candidates, String otherwise) {
    String suggestion = Suggestions.didYouMean(word, candidates);
    return suggestion.isEmpty() ? otherwise : suggestion;
  }

  private final SourceFile source;
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  private ModelChecker(SourceFile source) {
    this.source = source;
  }

  /** Parses and checks {@code source}, throwing with every diagnostic if anything is wrong. */
  public static ModelSpec check(SourceFile source) throws CompileException {
    NNParser.FileContext tree = NnParser.parse(source);
    ModelChecker checker = new ModelChecker(source);
    ModelSpec model = checker.model(tree);
    if (!checker.diagnostics.isEmpty()) {
      throw new CompileException(source, checker.diagnostics);
    }
    return model;
  }

  private ModelSpec model(NNParser.FileContext tree) {
    NNParser.NameContext nameContext = tree.modelDecl().name();
    String name = nameContext.getText();
    String javaName = JavaNames.className(name);

    NNParser.DataSectionContext dataSection = null;
    NNParser.NetworkSectionContext networkSection = null;
    NNParser.TrainSectionContext trainSection = null;
    NNParser.TuneSectionContext tuneSection = null;
    for (NNParser.SectionContext section : tree.section()) {
      if (section.dataSection() != null) {
        dataSection = once(dataSection, section.dataSection(), "data");
      } else if (section.networkSection() != null) {
        networkSection = once(networkSection, section.networkSection(), "network");
      } else if (section.trainSection() != null) {
        trainSection = once(trainSection, section.trainSection(), "train");
      } else {
        tuneSection = once(tuneSection, section.tuneSection(), "tune");
      }
    }
    if (networkSection == null) {
      error(Syntax.position(tree.modelDecl()), "model '" + name + "' has no 'network' section");
      return null;
    }
    List<Layer> layers = new NetworkChecker(this).layers(networkSection);
    DataSpec data = dataSection == null ? null : new DataChecker(this).data(dataSection);
    int inputSize = layers == null ? -1 : layers.get(0).outputShape().size();
    TrainSpec train = trainSection == null ? null : new TrainChecker(this).train(trainSection, inputSize);
    TuneSpec tune = tuneSection == null ? null : new TuneChecker(this).tune(tuneSection);
    if (layers == null || !diagnostics.isEmpty()) {
      return null;
    }
    if (layers.stream().mapToInt(Layer::parameterCount).sum() == 0) {
      error(layers.get(0).position(), "the network has no layer with parameters to learn; add a 'dense' layer");
    }
    if (!diagnostics.isEmpty()) {
      return null;
    }
    ModelSpec model = new ModelSpec(name, Syntax.position(nameContext), javaName, source, data, layers, train, tune);
    if (train != null) {
      checkLossFitsOutput(model, trainSection);
    }
    if (tune != null && train == null) {
      error(Syntax.position(tuneSection.getStart()), "a 'tune' section varies the 'train' section, which is missing");
    }
    return model;
  }

  private <T extends org.antlr.v4.runtime.ParserRuleContext> T once(T first, T next, String what) {
    if (first != null) {
      error(Syntax.position(next.getStart()),
          "duplicate '" + what + "' section (the first is on line " + first.getStart().getLine() + ")");
      return first;
    }
    return next;
  }

  // ---- cross-section checks --------------------------------------------------------------------

  private void checkLossFitsOutput(ModelSpec model, NNParser.TrainSectionContext section) {
    Position at = lossPosition(section);
    Layer last = model.layers().get(model.layers().size() - 1);
    int units = model.outputShape().size();
    Activation out = model.outputActivation();
    switch (model.train().loss()) {
      case BCE -> {
        if (out == Activation.SOFTMAX) {
          error(at, "bce needs a sigmoid output, but the network ends in softmax"
              + (units == 1 ? " over one unit, which always outputs 1" : "; use cross_entropy with softmax"));
        } else if (out != Activation.SIGMOID) {
          error(at, "bce needs probabilities: end the network with sigmoid (nnc fuses sigmoid and bce into the stable logits form)");
        } else if (model.data() != null && units != 1) {
          error(at, "bce with one label column needs 1 output unit, but the network ends with " + units);
        }
      }
      case CROSS_ENTROPY -> {
        if (units < 2) {
          error(at, "cross_entropy needs at least 2 output units (one per class), but the network ends with " + units
              + "; for two classes use 'dense 1 sigmoid' with bce");
        } else if (out != Activation.SOFTMAX && out != Activation.IDENTITY) {
          error(at, "cross_entropy expects the network to end in softmax or raw logits, not " + out.keyword());
        } else if (model.data() != null && !model.data().classes().isEmpty()
            && model.data().classes().size() != units) {
          error(at, "the data names " + model.data().classes().size() + " classes but the network ends with "
              + units + " units");
        }
      }
      case MSE, MAE, HUBER -> {
        if (model.data() != null && units != 1) {
          error(at, model.train().loss().keyword() + " with one label column needs 1 output unit, but the network ends with "
              + units);
        }
      }
    }
    if (out == Activation.SOFTMAX && units == 1 && model.train().loss() != LossKind.BCE) {
      error(last.position(), "softmax over a single unit always outputs 1; use sigmoid");
    }
    EarlyStoppingSpec stopping = model.train().earlyStopping();
    if (stopping != null && stopping.monitor().startsWith("val_")
        && (model.data() == null || model.data().validationFraction() == 0)) {
      error(settingPosition(section, "early_stopping"), "early_stopping monitors "
          + stopping.monitor() + ", but the data has no validation split: add 'split validation 0.1' to the data section");
    }
    if (stopping != null && stopping.maximize() && model.train().loss().regression()) {
      error(settingPosition(section, "early_stopping"), "a regression model has no accuracy to monitor; use val_loss");
    }
    if (model.data() != null && model.data().format() == DataSpec.Format.IDX && model.train().loss() != LossKind.CROSS_ENTROPY) {
      error(at, "IDX data holds class labels: train it with cross_entropy");
    }
    if (model.data() != null && model.data().format() == DataSpec.Format.CSV
        && model.data().features().size() != model.inputShape().size()) {
      error(model.layers().get(0).position(), "the input has " + count(model.inputShape().size(), "value")
          + " but the data lists " + count(model.data().features().size(), "feature column"));
    }
  }

  private static Position lossPosition(NNParser.TrainSectionContext section) {
    for (Statement s : Syntax.statements(section.block())) {
      if (s.name().equals("loss")) {
        List<Value> values = s.values();
        return values.isEmpty() ? s.position() : values.get(0).position();
      }
    }
    return Syntax.position(section.getStart());
  }

  /** Where the train section sets {@code name}, or the section itself. */
  private static Position settingPosition(NNParser.TrainSectionContext section, String name) {
    return Syntax.statements(section.block()).stream().filter(s -> s.name().equals(name)).findFirst()
        .map(Statement::position).orElse(Syntax.position(section.getStart()));
  }


  /**
   * Reports a statement that is not one of {@code known} (remembering what it was probably meant to be in
   * {@code misspelt}) or that repeats one already {@code seen}; true if the statement can be read.
   */
  boolean knownOnce(Statement s, String what, List<String> known, Set<String> seen, Set<String> misspelt) {
    if (!known.contains(s.name())) {
      error(s.position(), "unknown " + what + " '" + s.name() + "'"
          + hint(s.name(), known, "; expected one of " + String.join(", ", known)));
      dev.nnc.runtime.data.Suggestions.closest(s.name(), known).ifPresent(misspelt::add);
      return false;
    }
    if (!seen.add(s.name())) {
      error(s.position(), "'" + s.name() + "' is set twice");
      return false;
    }
    return true;
  }

  /** Reports parameters written on a statement name that takes none, e.g. {@code epochs(3) 10}. */
  boolean noParameters(Statement s) {
    if (s.parameters() != null) {
      error(s.position(), "'" + s.name() + "' takes no parameters in parentheses");
      return false;
    }
    return true;
  }

  /**
   * Resolves the parameters written on {@code owner}: each known name once, numbers only, the first
   * one may go without its name ({@code positional}). Returns the defaults overridden by what was given,
   * in the defaults' order, or null after reporting a problem.
   */
  Map<String, Double> parameters(String owner, List<Parameter> given, Map<String, Double> defaults, String positional) {
    Map<String, Double> values = new LinkedHashMap<>(new TreeMap<>(defaults));
    Set<String> seen = new HashSet<>();
    boolean ok = true;
    List<Parameter> list = given == null ? List.of() : given;
    for (int i = 0; i < list.size(); i++) {
      Parameter p = list.get(i);
      String name = p.name() != null ? p.name() : (i == 0 ? positional : null);
      Position at = p.name() != null ? p.namePosition() : p.value().position();
      if (name == null) {
        error(at, "only the first parameter of " + owner + " may be given without a name");
        ok = false;
        continue;
      }
      if (!defaults.containsKey(name)) {
        error(at, "unknown parameter '" + name + "' for " + owner
            + hint(name, values.keySet(), "; it takes " + String.join(", ", values.keySet())));
        ok = false;
        continue;
      }
      if (!seen.add(name)) {
        error(at, "parameter '" + name + "' is given twice");
        ok = false;
        continue;
      }
      Double value = number(p.value(), "'" + name + "'");
      if (value == null) {
        ok = false;
        continue;
      }
      values.put(name, value);
    }
    return ok ? values : null;
  }

  // ---- small value readers shared with NetworkChecker -------------------------------------------

  Value single(Statement s, List<Value> values, String what) {
    if (values.isEmpty()) {
      error(s.position(), "'" + s.name() + "' needs " + what);
      return null;
    }
    if (values.size() > 1) {
      error(values.get(1).position(), "unexpected " + values.get(1).describe() + " after '" + s.name() + " "
          + values.get(0).text() + "'");
      return null;
    }
    return values.get(0);
  }

  Double number(Value v, String what) {
    if (v.kind() != Value.Kind.NUMBER) {
      error(v.position(), what + " must be a number, found " + v.describe());
      return null;
    }
    double d = Double.parseDouble(v.text());
    if (!Double.isFinite(d)) {
      error(v.position(), what + " is out of range: " + v.text());
      return null;
    }
    return d;
  }

  Long integer(Value v, String what, long min, long max) {
    Double d = number(v, what);
    if (d == null) {
      return null;
    }
    if (!v.text().matches("-?\\d+")) {
      error(v.position(), what + " must be a whole number, got " + v.text());
      return null;
    }
    String range = max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
    long n;
    try {
      n = Long.parseLong(v.text());
    } catch (NumberFormatException e) {
      error(v.position(), what + " must be " + range + ", got " + v.text());
      return null;
    }
    if (n < min || n > max) {
      error(v.position(), what + " must be " + range + ", got " + v.text());
      return null;
    }
    return n;
  }

  /** "1 value", "2 values". */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  int errorCount() {
    return diagnostics.size();
  }

  void error(Position position, String message) {
    diagnostics.add(Diagnostic.error(position, message));
  }
}
