package dev.nnc.compiler.check;

import dev.nnc.compiler.check.Syntax.Parameter;
import dev.nnc.compiler.check.Syntax.Statement;
import dev.nnc.compiler.check.Syntax.Value;
import dev.nnc.compiler.diag.Position;
import dev.nnc.compiler.ir.EarlyStoppingSpec;
import dev.nnc.compiler.ir.LossKind;
import dev.nnc.compiler.ir.OptimizerSpec;
import dev.nnc.compiler.ir.ScheduleSpec;
import dev.nnc.compiler.ir.TrainSpec;
import dev.nnc.grammar.NNParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the {@code train} section: loss, optimizer and its parameters, epochs, batch, schedule, early
 * stopping, regularization, clipping and the samples to predict afterwards.
 */
final class TrainChecker {

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

  private final ModelChecker checker;

  TrainChecker(ModelChecker checker) {
    this.checker = checker;
  }

  TrainSpec train(NNParser.TrainSectionContext section, int inputSize) {
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
          Double d = checker.number(v, "a feature value");
          if (d != null) {
            sample.add(d);
          }
        }
        if (s.values().isEmpty()) {
          checker.error(s.position(), "'predict' needs the feature values of a sample, e.g. 'predict 6, 7'");
        } else if (inputSize > 0 && s.values().size() != inputSize) {
          checker.error(s.position(), "'predict' gives " + ModelChecker.count(s.values().size(), "value") + " but the network takes "
              + inputSize);
        }
        samples.add(sample);
        continue;
      }
      if (!checker.knownOnce(s, "training setting", TRAIN_SETTINGS, seen, misspelt)
          || (!s.name().equals("early_stopping") && !checker.noParameters(s))) {
        continue;
      }
      List<Value> values = s.values();
      switch (s.name()) {
        case "loss" -> {
          Value v = checker.single(s, values, "a loss: " + String.join(", ", LossKind.keywords()));
          if (v != null && v.isName() && LOSS_ALIASES.containsKey(v.text())) {
            LossKind kind = LOSS_ALIASES.get(v.text());
            if (kind == LossKind.HUBER) {
              Map<String, Double> p = checker.parameters("huber", v.parameters(), Map.of("delta", LossKind.DEFAULT_HUBER_DELTA), "delta");
              if (p != null && !(p.get("delta") > 0)) {
                checker.error(v.position(), "huber's delta must be positive, got " + p.get("delta"));
              } else if (p != null) {
                loss = kind;
                huberDelta = p.get("delta");
              }
            } else if (v.hasParameters()) {
              checker.error(v.position(), "'" + v.text() + "' takes no parameters");
            } else {
              loss = kind;
            }
          } else if (v != null) {
            checker.error(v.position(), "unknown loss " + v.describe()
                + ModelChecker.hint(v.text(), LOSS_ALIASES.keySet(), "; expected one of " + String.join(", ", LossKind.keywords())));
          }
        }
        case "optimizer" -> {
          Value v = checker.single(s, values, "an optimizer such as adam(lr = 0.01)");
          OptimizerSpec spec = v == null ? null : optimizer(v);
          if (spec != null) {
            optimizer = spec;
          }
        }
        case "epochs" -> {
          Value v = checker.single(s, values, "the number of epochs");
          Long n = v == null ? null : checker.integer(v, "epochs", 1, 1_000_000);
          epochs = n == null ? epochs : n.intValue();
        }
        case "batch" -> {
          Value v = checker.single(s, values, "the batch size");
          Long n = v == null ? null : checker.integer(v, "batch size", 1, 1 << 16);
          batch = n == null ? batch : n.intValue();
        }
        case "shuffle" -> {
          Value v = checker.single(s, values, "true or false");
          if (v != null && v.isName() && (v.text().equals("true") || v.text().equals("false"))) {
            shuffle = v.text().equals("true");
          } else if (v != null) {
            checker.error(v.position(), "'shuffle' takes true or false, found " + v.describe());
          }
        }
        case "seed" -> {
          Value v = checker.single(s, values, "a seed");
          Long n = v == null ? null : checker.integer(v, "seed", 0, Long.MAX_VALUE);
          seed = n == null ? seed : n;
        }
        case "schedule" -> {
          Value v = checker.single(s, values, "a schedule such as cosine(t_max = 50)");
          schedule = v == null ? null : schedule(v);
        }
        case "early_stopping" -> {
          if (!values.isEmpty()) {
            checker.error(values.get(0).position(), "write early_stopping(monitor = val_loss, patience = 5)");
          } else {
            earlyStopping = earlyStopping(s);
          }
        }
        case "regularize" -> penalties = regularization(s, values);
        case "clip_norm" -> {
          Value v = checker.single(s, values, "the largest gradient norm, e.g. 'clip_norm 1.0'");
          Double d = v == null ? null : checker.number(v, "clip_norm");
          if (d != null && !(d > 0)) {
            checker.error(v.position(), "clip_norm must be positive, got " + v.text());
          } else if (d != null) {
            clipNorm = d;
          }
        }
        default -> throw new AssertionError(s.name());
      }
    }
    if (loss == null) {
      if (!seen.contains("loss") && !misspelt.contains("loss")) {
        checker.error(Syntax.position(section.getStart()), "the train section needs a 'loss': one of "
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
      checker.error(v.position(), "unknown schedule " + v.describe() + ModelChecker.hint(v.text(), names, "; expected one of " + String.join(", ", names)));
      return null;
    }
    String positional = kind == ScheduleSpec.Kind.STEP ? "step_size" : kind == ScheduleSpec.Kind.COSINE ? "t_max"
        : kind == ScheduleSpec.Kind.EXPONENTIAL ? "gamma" : "factor";
    Map<String, Double> p = checker.parameters(kind.keyword(), v.parameters(), kind.defaults(), positional);
    if (p == null) {
      return null;
    }
    for (Map.Entry<String, Double> e : p.entrySet()) {
      if (Double.isNaN(e.getValue()) && !e.getKey().equals("t_max")) {
        checker.error(v.position(), kind.keyword() + " needs '" + e.getKey() + "', e.g. " + kind.keyword() + "(" + e.getKey() + " = "
            + (e.getKey().equals("step_size") ? "10" : "0.9") + ")");
        return null;
      }
      if (e.getValue() < 0) {
        checker.error(v.position(), "'" + e.getKey() + "' of " + kind.keyword() + " cannot be negative");
        return null;
      }
    }
    boolean badFactor = (kind == ScheduleSpec.Kind.PLATEAU && !(p.get("factor") > 0 && p.get("factor") < 1))
        || (p.containsKey("gamma") && !(p.get("gamma") > 0));
    boolean badCount = (p.containsKey("step_size") && !(p.get("step_size") >= 1 && p.get("step_size") == Math.rint(p.get("step_size"))))
        || (p.containsKey("t_max") && !Double.isNaN(p.get("t_max")) && !(p.get("t_max") >= 1));
    if (badFactor || badCount) {
      checker.error(v.position(), "check the parameters of " + kind.keyword()
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
          checker.error(p.value().position(), "early_stopping can monitor " + String.join(", ", EarlyStoppingSpec.MONITORS)
              + ModelChecker.hint(p.value().text(), EarlyStoppingSpec.MONITORS, ""));
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
    Map<String, Double> p = checker.parameters("early_stopping", numeric, numbers, "patience");
    if (p == null) {
      return null;
    }
    if (!(p.get("patience") >= 0 && p.get("patience") == Math.rint(p.get("patience"))) || p.get("min_delta") < 0) {
      checker.error(s.position(), "early_stopping needs a whole patience >= 0 and min_delta >= 0");
      return null;
    }
    return new EarlyStoppingSpec(monitor, p.get("patience").intValue(), p.get("min_delta"), p.get("restore_best") != 0);
  }

  /** {@code regularize l2(1e-4)}, {@code regularize l1(1e-5), l2(1e-4)}: returns {l1, l2}. */
  private double[] regularization(Statement s, List<Value> values) {
    double[] penalties = {0, 0};
    if (values.isEmpty()) {
      checker.error(s.position(), "'regularize' needs l1(...) and/or l2(...), e.g. 'regularize l2(1e-4)'");
    }
    for (Value v : values) {
      int which = v.isName() ? List.of("l1", "l2").indexOf(v.text()) : -1;
      if (which < 0 || v.parameters() == null || v.parameters().size() != 1 || v.parameters().get(0).name() != null) {
        checker.error(v.position(), "expected l1(strength) or l2(strength), found " + v.describe());
        continue;
      }
      Double d = checker.number(v.parameters().get(0).value(), "the " + v.text() + " strength");
      if (d != null && d < 0) {
        checker.error(v.position(), "the " + v.text() + " strength cannot be negative");
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
      checker.error(v.position(), "unknown optimizer " + v.describe()
          + ModelChecker.hint(v.text(), names, "; expected one of " + String.join(", ", names)));
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
          checker.error(p.value().position(), "only the first optimizer parameter (lr) may be given without a name");
          continue;
        }
        name = "lr";
        at = p.value().position();
      }
      if (!kind.defaults().containsKey(name)) {
        // Sorted, so that a tie ('beta': beta1 or beta2) is broken the same way on every run.
        java.util.Collection<String> known = new TreeMap<>(kind.defaults()).keySet();
        checker.error(at, "unknown parameter '" + name + "' for " + kind.keyword()
            + ModelChecker.hint(name, known, "; it takes " + String.join(", ", known)));
        continue;
      }
      if (given.containsKey(name)) {
        checker.error(at, "parameter '" + name + "' is given twice");
        continue;
      }
      Double value = flagOrNumber(p.value(), name);
      if (value == null) {
        continue;
      }
      if (value < 0 || (name.equals("lr") && value == 0)) {
        checker.error(p.value().position(), "'" + name + "' must be " + (name.equals("lr") ? "positive" : "at least 0") + ", got " + p.value().text());
        continue;
      }
      if ((name.startsWith("beta") || name.equals("alpha") || name.equals("momentum")) && value >= 1) {
        checker.error(p.value().position(), "'" + name + "' must be below 1, got " + p.value().text());
        continue;
      }
      given.put(name, value);
    }
    if (Double.isNaN(kind.defaults().get("lr")) && !given.containsKey("lr")) {
      checker.error(v.position(), kind.keyword() + " needs a learning rate: " + kind.keyword() + "(lr = 0.01)");
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
    return checker.number(v, "'" + what + "'");
  }

}
