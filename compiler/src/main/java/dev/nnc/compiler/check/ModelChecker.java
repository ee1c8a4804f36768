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
import dev.nnc.compiler.ir.ScheduleSpec;
import dev.nnc.compiler.ir.Layer;
import dev.nnc.compiler.ir.LossKind;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.compiler.ir.OptimizerSpec;
import dev.nnc.compiler.ir.Shape;
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
  static final List<String> TRAIN_SETTINGS =
      List.of("loss", "optimizer", "epochs", "batch", "shuffle", "seed", "predict", "schedule", "early_stopping",
          "regularize", "clip_norm");
  /** Loss names, canonical ones first: suggestions take the first closest name, so order matters. */
  static final Map<String, LossKind> LOSS_ALIASES = lossAliases();

  private static Map<String, LossKind> lossAliases() {
    Map<String, LossKind> aliases = new LinkedHashMap<>();
    aliases.put("mse", LossKind.MSE);
    aliases.put("mae", LossKind.MAE);
    aliases.put("huber", LossKind.HUBER);
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
    TrainSpec train = trainSection == null ? null : train(trainSection, inputSize);
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

  // ---- data ------------------------------------------------------------------------------------

  // ---- train -----------------------------------------------------------------------------------

  private TrainSpec train(NNParser.TrainSectionContext section, int inputSize) {
    LossKind loss = null;
    OptimizerSpec optimizer = new OptimizerSpec(OptimizerSpec.Kind.ADAM, resolved(OptimizerSpec.Kind.ADAM, Map.of()));
    int epochs = 10;
    int batch = 32;
    boolean shuffle = true;
    long seed = 0;
    double huberDelta = LossKind.DEFAULT_HUBER_DELTA;
    ScheduleSpec schedule = null;
    EarlyStoppingSpec earlyStopping = null;
    double[] penalties = {0, 0};
    double clipNorm = 0;
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
      if (!knownOnce(s, "training setting", TRAIN_SETTINGS, seen, misspelt)
          || (!s.name().equals("early_stopping") && !noParameters(s))) {
        continue;
      }
      List<Value> values = s.values();
      switch (s.name()) {
        case "loss" -> {
          Value v = single(s, values, "a loss: " + String.join(", ", LossKind.keywords()));
          if (v != null && v.isName() && LOSS_ALIASES.containsKey(v.text())) {
            LossKind kind = LOSS_ALIASES.get(v.text());
            if (kind == LossKind.HUBER) {
              Map<String, Double> p = parameters("huber", v.parameters(), Map.of("delta", LossKind.DEFAULT_HUBER_DELTA), "delta");
              if (p != null && !(p.get("delta") > 0)) {
                error(v.position(), "huber's delta must be positive, got " + p.get("delta"));
              } else if (p != null) {
                loss = kind;
                huberDelta = p.get("delta");
              }
            } else if (v.hasParameters()) {
              error(v.position(), "'" + v.text() + "' takes no parameters");
            } else {
              loss = kind;
            }
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
        case "schedule" -> {
          Value v = single(s, values, "a schedule such as cosine(t_max = 50)");
          schedule = v == null ? null : schedule(v);
        }
        case "early_stopping" -> {
          if (!values.isEmpty()) {
            error(values.get(0).position(), "write early_stopping(monitor = val_loss, patience = 5)");
          } else {
            earlyStopping = earlyStopping(s);
          }
        }
        case "regularize" -> penalties = regularization(s, values);
        case "clip_norm" -> {
          Value v = single(s, values, "the largest gradient norm, e.g. 'clip_norm 1.0'");
          Double d = v == null ? null : number(v, "clip_norm");
          if (d != null && !(d > 0)) {
            error(v.position(), "clip_norm must be positive, got " + v.text());
          } else if (d != null) {
            clipNorm = d;
          }
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
    return new TrainSpec(loss, huberDelta, optimizer, epochs, batch, shuffle, seed, schedule, earlyStopping,
        penalties[0], penalties[1], clipNorm, samples);
  }

  private ScheduleSpec schedule(Value v) {
    List<String> names = java.util.Arrays.stream(ScheduleSpec.Kind.values()).map(ScheduleSpec.Kind::keyword).toList();
    ScheduleSpec.Kind kind = java.util.Arrays.stream(ScheduleSpec.Kind.values())
        .filter(k -> k.keyword().equals(v.text())).findFirst().orElse(null);
    if (!v.isName() || kind == null) {
      error(v.position(), "unknown schedule " + v.describe() + hint(v.text(), names, "; expected one of " + String.join(", ", names)));
      return null;
    }
    String positional = kind == ScheduleSpec.Kind.STEP ? "step_size" : kind == ScheduleSpec.Kind.COSINE ? "t_max"
        : kind == ScheduleSpec.Kind.EXPONENTIAL ? "gamma" : "factor";
    Map<String, Double> p = parameters(kind.keyword(), v.parameters(), kind.defaults(), positional);
    if (p == null) {
      return null;
    }
    for (Map.Entry<String, Double> e : p.entrySet()) {
      if (Double.isNaN(e.getValue()) && !e.getKey().equals("t_max")) {
        error(v.position(), kind.keyword() + " needs '" + e.getKey() + "', e.g. " + kind.keyword() + "(" + e.getKey() + " = "
            + (e.getKey().equals("step_size") ? "10" : "0.9") + ")");
        return null;
      }
      if (e.getValue() < 0) {
        error(v.position(), "'" + e.getKey() + "' of " + kind.keyword() + " cannot be negative");
        return null;
      }
    }
    boolean badFactor = (kind == ScheduleSpec.Kind.PLATEAU && !(p.get("factor") > 0 && p.get("factor") < 1))
        || (p.containsKey("gamma") && !(p.get("gamma") > 0));
    boolean badCount = (p.containsKey("step_size") && !(p.get("step_size") >= 1 && p.get("step_size") == Math.rint(p.get("step_size"))))
        || (p.containsKey("t_max") && !Double.isNaN(p.get("t_max")) && !(p.get("t_max") >= 1));
    if (badFactor || badCount) {
      error(v.position(), "check the parameters of " + kind.keyword()
          + ": factor in (0, 1), gamma > 0, step_size and t_max whole numbers of epochs >= 1");
      return null;
    }
    return new ScheduleSpec(kind, p);
  }

  private EarlyStoppingSpec earlyStopping(Statement s) {
    String monitor = "val_loss";
    Map<String, Double> numbers = new LinkedHashMap<>();
    numbers.put("patience", 5.0);
    numbers.put("min_delta", 0.0);
    numbers.put("restore_best", 1.0);
    List<Parameter> numeric = new ArrayList<>();
    for (Parameter p : s.parameters() == null ? List.<Parameter>of() : s.parameters()) {
      if ("monitor".equals(p.name())) {
        if (!p.value().isName() || !EarlyStoppingSpec.MONITORS.contains(p.value().text())) {
          error(p.value().position(), "early_stopping can monitor " + String.join(", ", EarlyStoppingSpec.MONITORS)
              + hint(p.value().text(), EarlyStoppingSpec.MONITORS, ""));
          return null;
        }
        monitor = p.value().text();
      } else if (p.value().isName() && (p.value().text().equals("true") || p.value().text().equals("false"))) {
        numeric.add(new Parameter(p.name(), p.namePosition(), new Value(Value.Kind.NUMBER,
            p.value().text().equals("true") ? "1" : "0", p.value().position(), null, null)));
      } else {
        numeric.add(p);
      }
    }
    Map<String, Double> p = parameters("early_stopping", numeric, numbers, "patience");
    if (p == null) {
      return null;
    }
    if (!(p.get("patience") >= 0 && p.get("patience") == Math.rint(p.get("patience"))) || p.get("min_delta") < 0) {
      error(s.position(), "early_stopping needs a whole patience >= 0 and min_delta >= 0");
      return null;
    }
    return new EarlyStoppingSpec(monitor, p.get("patience").intValue(), p.get("min_delta"), p.get("restore_best") != 0);
  }

  /** {@code regularize l2(1e-4)}, {@code regularize l1(1e-5), l2(1e-4)}: returns {l1, l2}. */
  private double[] regularization(Statement s, List<Value> values) {
    double[] penalties = {0, 0};
    if (values.isEmpty()) {
      error(s.position(), "'regularize' needs l1(...) and/or l2(...), e.g. 'regularize l2(1e-4)'");
    }
    for (Value v : values) {
      int which = v.isName() ? List.of("l1", "l2").indexOf(v.text()) : -1;
      if (which < 0 || v.parameters() == null || v.parameters().size() != 1 || v.parameters().get(0).name() != null) {
        error(v.position(), "expected l1(strength) or l2(strength), found " + v.describe());
        continue;
      }
      Double d = number(v.parameters().get(0).value(), "the " + v.text() + " strength");
      if (d != null && d < 0) {
        error(v.position(), "the " + v.text() + " strength cannot be negative");
      } else if (d != null) {
        penalties[which] = d;
      }
    }
    return penalties;
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
