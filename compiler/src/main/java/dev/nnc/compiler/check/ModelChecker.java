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
import dev.nnc.compiler.ir.Layer;
import dev.nnc.compiler.ir.LossKind;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.compiler.ir.OptimizerSpec;
import dev.nnc.compiler.ir.Shape;
import dev.nnc.compiler.ir.TrainSpec;
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
  static final List<String> DATA_SETTINGS = List.of("features", "label", "classes", "split", "scale");
  static final List<String> TRAIN_SETTINGS =
      List.of("loss", "optimizer", "epochs", "batch", "shuffle", "seed", "predict");
  /** Loss names, canonical ones first: suggestions take the first closest name, so order matters. */
  static final Map<String, LossKind> LOSS_ALIASES = lossAliases();

  private static Map<String, LossKind> lossAliases() {
    Map<String, LossKind> aliases = new LinkedHashMap<>();
    aliases.put("mse", LossKind.MSE);
    aliases.put("bce", LossKind.BCE);
    aliases.put("cross_entropy", LossKind.CROSS_ENTROPY);
    aliases.put("binary_cross_entropy", LossKind.BCE);
    aliases.put("ce", LossKind.CROSS_ENTROPY);
    return java.util.Collections.unmodifiableMap(aliases);
  }

  /**
   * What to say after "unknown X 'word'": the likely intended name if one is close, otherwise
   * {@code otherwise} (usually the list of valid names). One hint, so the first line stays short.
   */
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
    for (NNParser.SectionContext section : tree.section()) {
      if (section.dataSection() != null) {
        dataSection = once(dataSection, section.dataSection(), "data");
      } else if (section.networkSection() != null) {
        networkSection = once(networkSection, section.networkSection(), "network");
      } else {
        trainSection = once(trainSection, section.trainSection(), "train");
      }
    }
    if (networkSection == null) {
      error(Syntax.position(tree.modelDecl()), "model '" + name + "' has no 'network' section");
      return null;
    }
    List<Layer> layers = new NetworkChecker(this).layers(networkSection);
    DataSpec data = dataSection == null ? null : data(dataSection);
    int inputSize = layers == null ? -1 : layers.get(0).outputShape().size();
    TrainSpec train = trainSection == null ? null : train(trainSection, inputSize);
    if (layers == null || !diagnostics.isEmpty()) {
      return null;
    }
    for (Layer layer : layers) {
      if (layer instanceof Layer.Dropout || layer instanceof Layer.BatchNorm) {
        // The parser and checker know them already; their kernels come with train/eval modes.
        error(layer.position(), "'" + layer.describe().split(" ")[0]
            + "' is understood but this version of nnc cannot compile it yet");
      }
    }
    if (layers.stream().mapToInt(Layer::parameterCount).sum() == 0) {
      error(layers.get(0).position(), "the network has no layer with parameters to learn; add a 'dense' layer");
    }
    if (!diagnostics.isEmpty()) {
      return null;
    }
    ModelSpec model = new ModelSpec(name, Syntax.position(nameContext), javaName, source, data, layers, train);
    if (train != null) {
      checkLossFitsOutput(model, trainSection);
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

  // ---- data ------------------------------------------------------------------------------------

  private DataSpec data(NNParser.DataSectionContext section) {
    String path = Syntax.unescape(section.STRING().getText());
    Position pathPosition = Syntax.position(section.STRING().getSymbol());
    List<String> features = null;
    Value label = null;
    List<String> classes = List.of();
    double testFraction = 0;
    long splitSeed = 0;
    DataSpec.Scaling scaling = DataSpec.Scaling.NONE;
    Set<String> seen = new HashSet<>();
    // Required settings that a misspelt one was probably meant to be, so their absence is not reported twice.
    Set<String> misspelt = new HashSet<>();

    for (Statement s : Syntax.statements(section.block())) {
      if (!knownOnce(s, "data setting", DATA_SETTINGS, seen, misspelt)) {
        continue;
      }
      List<Value> values = s.values();
      switch (s.name()) {
        case "features" -> features = columnNames(s, values);
        case "label" -> {
          if (values.isEmpty()) {
            error(s.position(), "'label' needs the name of the label column");
            break;
          }
          label = values.get(0);
          columnName(label);
          if (values.size() > 1) {
            if (!values.get(1).isName() || !values.get(1).text().equals("classes")) {
              error(values.get(1).position(), "unexpected " + values.get(1).describe()
                  + " after the label column; write 'label " + label.text() + " classes A, B'");
            } else {
              classes = classNames(s, values.subList(2, values.size()));
            }
          }
        }
        case "classes" -> classes = classNames(s, values);
        case "split" -> {
          for (int i = 0; i < values.size(); i += 2) {
            Value key = values.get(i);
            Value value = i + 1 < values.size() ? values.get(i + 1) : null;
            if (!key.isName() || !(key.text().equals("test") || key.text().equals("seed"))) {
              error(key.position(), "unexpected " + key.describe() + " in 'split'; write 'split test 0.2 seed 42'");
              break;
            }
            if (value == null) {
              error(key.position(), "'" + key.text() + "' needs a value");
              break;
            }
            if (key.text().equals("test")) {
              Double f = number(value, "test fraction");
              if (f != null && !(f > 0 && f < 1)) {
                error(value.position(), "the test fraction must be between 0 and 1 (exclusive), got " + value.text());
              } else if (f != null) {
                testFraction = f;
              }
            } else {
              Long seed = integer(value, "split seed", 0, Long.MAX_VALUE);
              splitSeed = seed == null ? 0 : seed;
            }
          }
        }
        case "scale" -> {
          Value v = single(s, values, "a scaling: standard or none");
          if (v != null) {
            if (v.isName() && v.text().equals("standard")) {
              scaling = DataSpec.Scaling.STANDARD;
            } else if (v.isName() && v.text().equals("none")) {
              scaling = DataSpec.Scaling.NONE;
            } else {
              error(v.position(), "unknown scaling " + v.describe()
                  + hint(v.text(), List.of("standard", "none"), "; expected standard or none"));
            }
          }
        }
        default -> throw new AssertionError(s.name());
      }
    }
    Position sectionPosition = Syntax.position(section.getStart());
    if (features == null || label == null) {
      if (features == null && !misspelt.contains("features")) {
        error(sectionPosition, "the data section needs 'features' (the input columns)");
      }
      if (label == null && !misspelt.contains("label")) {
        error(sectionPosition, "the data section needs 'label' (the column to predict)");
      }
      return null;
    }
    if (features.contains(label.text())) {
      error(label.position(), "column '" + label.text() + "' is the label, so it cannot also be a feature");
    }
    return new DataSpec(path, pathPosition, features, label.text(), classes, testFraction, splitSeed, scaling);
  }

  private List<String> columnNames(Statement s, List<Value> values) {
    if (values.isEmpty()) {
      error(s.position(), "'" + s.name() + "' needs at least one column name");
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (Value v : values) {
      String name = columnName(v);
      if (name == null) {
        continue;
      }
      if (names.contains(name)) {
        error(v.position(), "column '" + name + "' is listed twice");
      } else {
        names.add(name);
      }
    }
    return names;
  }

  private String columnName(Value v) {
    if ((v.isName() && !v.hasParameters()) || v.kind() == Value.Kind.STRING) {
      if (v.text().isEmpty()) {
        error(v.position(), "a column name cannot be empty");
        return null;
      }
      return v.text();
    }
    error(v.position(), "expected a column name, found " + v.describe());
    return null;
  }

  private List<String> classNames(Statement s, List<Value> values) {
    List<String> names = columnNames(s, values);
    if (!values.isEmpty() && names.size() < 2) {
      error(s.position(), "'classes' needs at least two class names");
    }
    return names;
  }

  // ---- train -----------------------------------------------------------------------------------

  private TrainSpec train(NNParser.TrainSectionContext section, int inputSize) {
    LossKind loss = null;
    OptimizerSpec optimizer = new OptimizerSpec(OptimizerSpec.Kind.ADAM, resolved(OptimizerSpec.Kind.ADAM, Map.of()));
    int epochs = 10;
    int batch = 32;
    boolean shuffle = true;
    long seed = 0;
    List<List<Double>> samples = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Set<String> misspelt = new HashSet<>();
    for (Statement s : Syntax.statements(section.block())) {
      if (s.name().equals("predict")) {
        // May be repeated: one statement per sample.
        List<Double> sample = new ArrayList<>();
        for (Value v : s.values()) {
          Double d = number(v, "a feature value");
          if (d != null) {
            sample.add(d);
          }
        }
        if (s.values().isEmpty()) {
          error(s.position(), "'predict' needs the feature values of a sample, e.g. 'predict 6, 7'");
        } else if (inputSize > 0 && s.values().size() != inputSize) {
          error(s.position(), "'predict' gives " + count(s.values().size(), "value") + " but the network takes "
              + inputSize);
        }
        samples.add(sample);
        continue;
      }
      if (!knownOnce(s, "training setting", TRAIN_SETTINGS, seen, misspelt)) {
        continue;
      }
      List<Value> values = s.values();
      switch (s.name()) {
        case "loss" -> {
          Value v = single(s, values, "a loss: " + String.join(", ", LossKind.keywords()));
          if (v != null && v.isName() && LOSS_ALIASES.containsKey(v.text()) && !v.hasParameters()) {
            loss = LOSS_ALIASES.get(v.text());
          } else if (v != null) {
            error(v.position(), "unknown loss " + v.describe()
                + hint(v.text(), LOSS_ALIASES.keySet(), "; expected one of " + String.join(", ", LossKind.keywords())));
          }
        }
        case "optimizer" -> {
          Value v = single(s, values, "an optimizer such as adam(lr = 0.01)");
          OptimizerSpec spec = v == null ? null : optimizer(v);
          if (spec != null) {
            optimizer = spec;
          }
        }
        case "epochs" -> {
          Value v = single(s, values, "the number of epochs");
          Long n = v == null ? null : integer(v, "epochs", 1, 1_000_000);
          epochs = n == null ? epochs : n.intValue();
        }
        case "batch" -> {
          Value v = single(s, values, "the batch size");
          Long n = v == null ? null : integer(v, "batch size", 1, 1 << 16);
          batch = n == null ? batch : n.intValue();
        }
        case "shuffle" -> {
          Value v = single(s, values, "true or false");
          if (v != null && v.isName() && (v.text().equals("true") || v.text().equals("false"))) {
            shuffle = v.text().equals("true");
          } else if (v != null) {
            error(v.position(), "'shuffle' takes true or false, found " + v.describe());
          }
        }
        case "seed" -> {
          Value v = single(s, values, "a seed");
          Long n = v == null ? null : integer(v, "seed", 0, Long.MAX_VALUE);
          seed = n == null ? seed : n;
        }
        default -> throw new AssertionError(s.name());
      }
    }
    if (loss == null) {
      if (!seen.contains("loss") && !misspelt.contains("loss")) {
        error(Syntax.position(section.getStart()), "the train section needs a 'loss': one of "
            + String.join(", ", LossKind.keywords()));
      }
      return null;
    }
    return new TrainSpec(loss, optimizer, epochs, batch, shuffle, seed, samples);
  }

  private OptimizerSpec optimizer(Value v) {
    OptimizerSpec.Kind kind = null;
    for (OptimizerSpec.Kind k : OptimizerSpec.Kind.values()) {
      if (k.keyword().equals(v.text())) {
        kind = k;
      }
    }
    List<String> names = java.util.Arrays.stream(OptimizerSpec.Kind.values()).map(OptimizerSpec.Kind::keyword).toList();
    if (!v.isName() || kind == null) {
      error(v.position(), "unknown optimizer " + v.describe()
          + hint(v.text(), names, "; expected one of " + String.join(", ", names)));
      return null;
    }
    Map<String, Double> given = new LinkedHashMap<>();
    List<Parameter> parameters = v.hasParameters() ? v.parameters() : List.of();
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      String name = p.name();
      Position at = p.namePosition();
      if (name == null) {
        if (i > 0) {
          error(p.value().position(), "only the first optimizer parameter (lr) may be given without a name");
          continue;
        }
        name = "lr";
        at = p.value().position();
      }
      if (!kind.defaults().containsKey(name)) {
        // Sorted, so that a tie ('beta': beta1 or beta2) is broken the same way on every run.
        java.util.Collection<String> known = new TreeMap<>(kind.defaults()).keySet();
        error(at, "unknown parameter '" + name + "' for " + kind.keyword()
            + hint(name, known, "; it takes " + String.join(", ", known)));
        continue;
      }
      if (given.containsKey(name)) {
        error(at, "parameter '" + name + "' is given twice");
        continue;
      }
      Double value = flagOrNumber(p.value(), name);
      if (value == null) {
        continue;
      }
      if (value < 0 || (name.equals("lr") && value == 0)) {
        error(p.value().position(), "'" + name + "' must be " + (name.equals("lr") ? "positive" : "at least 0") + ", got " + p.value().text());
        continue;
      }
      if ((name.startsWith("beta") || name.equals("alpha") || name.equals("momentum")) && value >= 1) {
        error(p.value().position(), "'" + name + "' must be below 1, got " + p.value().text());
        continue;
      }
      given.put(name, value);
    }
    if (Double.isNaN(kind.defaults().get("lr")) && !given.containsKey("lr")) {
      error(v.position(), kind.keyword() + " needs a learning rate: " + kind.keyword() + "(lr = 0.01)");
      return null;
    }
    return new OptimizerSpec(kind, resolved(kind, given));
  }

  /** Every parameter of {@code kind}, given values overriding defaults, in a stable order. */
  private static Map<String, Double> resolved(OptimizerSpec.Kind kind, Map<String, Double> given) {
    Map<String, Double> all = new LinkedHashMap<>();
    all.put("lr", given.getOrDefault("lr", kind.defaults().get("lr")));
    new TreeMap<>(kind.defaults()).forEach((k, d) -> {
      if (!k.equals("lr")) {
        all.put(k, given.getOrDefault(k, d));
      }
    });
    return all;
  }

  private Double flagOrNumber(Value v, String what) {
    if (v.isName() && (v.text().equals("true") || v.text().equals("false"))) {
      return v.text().equals("true") ? 1.0 : 0.0;
    }
    return number(v, "'" + what + "'");
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
      case MSE -> {
        if (model.data() != null && units != 1) {
          error(at, "mse with one label column needs 1 output unit, but the network ends with " + units);
        }
      }
    }
    if (out == Activation.SOFTMAX && units == 1 && model.train().loss() != LossKind.BCE) {
      error(last.position(), "softmax over a single unit always outputs 1; use sigmoid");
    }
    if (model.data() != null && model.data().features().size() != model.inputShape().size()) {
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

  /**
   * Reports a statement that is not one of {@code known} (remembering what it was probably meant to be in
   * {@code misspelt}) or that repeats one already {@code seen}; true if the statement can be read.
   */
  private boolean knownOnce(Statement s, String what, List<String> known, Set<String> seen, Set<String> misspelt) {
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

  void error(Position position, String message) {
    diagnostics.add(Diagnostic.error(position, message));
  }
}
