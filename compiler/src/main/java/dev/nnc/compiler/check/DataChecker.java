package dev.nnc.compiler.check;

import dev.nnc.compiler.check.Syntax.Statement;
import dev.nnc.compiler.check.Syntax.Value;
import dev.nnc.compiler.diag.Position;
import dev.nnc.compiler.ir.DataSpec;
import dev.nnc.grammar.NNParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code data} section: a CSV table with named feature and label columns, or IDX image files
 * (Fashion-MNIST), with the splits and scaling to apply.
 */
final class DataChecker {

  static final List<String> SETTINGS =
      List.of("format", "features", "label", "classes", "train", "test", "split", "scale");

  private final ModelChecker checker;

  DataChecker(ModelChecker checker) {
    this.checker = checker;
  }

  DataSpec data(NNParser.DataSectionContext section) {
    String path = Syntax.unescape(section.STRING().getText());
    Position pathPosition = Syntax.position(section.STRING().getSymbol());
    DataSpec.Format format = DataSpec.Format.CSV;
    List<String> features = null;
    Value label = null;
    List<String> classes = List.of();
    String[] trainFiles = null;
    String[] testFiles = null;
    double testFraction = 0;
    double validationFraction = 0;
    long splitSeed = 0;
    DataSpec.Scaling scaling = DataSpec.Scaling.NONE;
    double divisor = 1;
    Set<String> seen = new HashSet<>();
    // Required settings that a misspelt one was probably meant to be, so their absence is not reported twice.
    Set<String> misspelt = new HashSet<>();

    for (Statement s : Syntax.statements(section.block())) {
      if (!checker.knownOnce(s, "data setting", SETTINGS, seen, misspelt) || !checker.noParameters(s)) {
        continue;
      }
      List<Value> values = s.values();
      switch (s.name()) {
        case "format" -> {
          Value v = checker.single(s, values, "csv or idx");
          if (v != null && v.isName() && (v.text().equals("csv") || v.text().equals("idx"))) {
            format = v.text().equals("csv") ? DataSpec.Format.CSV : DataSpec.Format.IDX;
          } else if (v != null) {
            checker.error(v.position(), "unknown format " + v.describe()
                + ModelChecker.hint(v.text(), List.of("csv", "idx"), "; expected csv or idx"));
          }
        }
        case "features" -> features = columnNames(s, values);
        case "label" -> {
          if (values.isEmpty()) {
            checker.error(s.position(), "'label' needs the name of the label column");
            break;
          }
          label = values.get(0);
          columnName(label);
          if (values.size() > 1) {
            if (!values.get(1).isName() || !values.get(1).text().equals("classes")) {
              checker.error(values.get(1).position(), "unexpected " + values.get(1).describe()
                  + " after the label column; write 'label " + label.text() + " classes A, B'");
            } else {
              classes = classNames(s, values.subList(2, values.size()));
            }
          }
        }
        case "classes" -> classes = classNames(s, values);
        case "train" -> trainFiles = imageFiles(s, values);
        case "test" -> testFiles = imageFiles(s, values);
        case "split" -> {
          for (int i = 0; i < values.size(); i += 2) {
            Value key = values.get(i);
            Value value = i + 1 < values.size() ? values.get(i + 1) : null;
            List<String> keys = List.of("test", "validation", "seed");
            if (!key.isName() || !keys.contains(key.text())) {
              checker.error(key.position(), "unexpected " + key.describe()
                  + " in 'split'; write 'split test 0.2 validation 0.1 seed 42'");
              break;
            }
            if (value == null) {
              checker.error(key.position(), "'" + key.text() + "' needs a value");
              break;
            }
            if (key.text().equals("seed")) {
              Long seed = checker.integer(value, "split seed", 0, 0xFFFFFFFFL);
              splitSeed = seed == null ? 0 : seed;
            } else {
              Double f = checker.number(value, key.text() + " fraction");
              if (f != null && !(f > 0 && f < 1)) {
                checker.error(value.position(), "the " + key.text() + " fraction must be between 0 and 1 (exclusive), got "
                    + value.text());
              } else if (f != null && key.text().equals("test")) {
                testFraction = f;
              } else if (f != null) {
                validationFraction = f;
              }
            }
          }
        }
        case "scale" -> {
          Value v = values.isEmpty() ? null : values.get(0);
          List<String> kinds = List.of("standard", "none", "divide");
          if (v == null) {
            checker.error(s.position(), "'scale' needs standard, none or divide N");
          } else if (!v.isName() || !kinds.contains(v.text())) {
            checker.error(v.position(), "unknown scaling " + v.describe()
                + ModelChecker.hint(v.text(), kinds, "; expected standard, none or divide N"));
          } else if (v.text().equals("divide")) {
            Value by = values.size() == 2 ? values.get(1) : null;
            Double d = by == null ? null : checker.number(by, "the divisor");
            if (by == null) {
              checker.error(v.position(), "'scale divide' needs the number to divide by, e.g. 'scale divide 255'");
            } else if (d != null && !(d > 0)) {
              checker.error(by.position(), "the divisor must be positive, got " + by.text());
            } else if (d != null) {
              scaling = DataSpec.Scaling.DIVIDE;
              divisor = d;
            }
          } else if (values.size() > 1) {
            checker.error(values.get(1).position(), "unexpected " + values.get(1).describe() + " after 'scale " + v.text() + "'");
          } else {
            scaling = v.text().equals("standard") ? DataSpec.Scaling.STANDARD : DataSpec.Scaling.NONE;
          }
        }
        default -> throw new AssertionError(s.name());
      }
    }

    Position sectionPosition = Syntax.position(section.getStart());
    DataSpec.IdxFiles idx = null;
    if (format == DataSpec.Format.IDX) {
      if (features != null || label != null) {
        checker.error(sectionPosition, "IDX data has no columns: leave out 'features' and 'label'");
        return null;
      }
      if (trainFiles == null) {
        checker.error(sectionPosition, "IDX data needs 'train images \"...\" labels \"...\"'");
        return null;
      }
      if (testFiles != null && testFraction > 0) {
        checker.error(sectionPosition, "the data names test files, so 'split test' has nothing to do");
        return null;
      }
      idx = new DataSpec.IdxFiles(trainFiles[0], trainFiles[1], testFiles == null ? null : testFiles[0],
          testFiles == null ? null : testFiles[1]);
      return new DataSpec(format, path, pathPosition, List.of(), null, classes, idx, testFraction,
          validationFraction, splitSeed, scaling, divisor);
    }
    if (trainFiles != null || testFiles != null) {
      checker.error(sectionPosition, "'train' and 'test' files belong to 'format idx'; a CSV is split with 'split'");
      return null;
    }
    if (features == null || label == null) {
      if (features == null && !misspelt.contains("features")) {
        checker.error(sectionPosition, "the data section needs 'features' (the input columns)");
      }
      if (label == null && !misspelt.contains("label")) {
        checker.error(sectionPosition, "the data section needs 'label' (the column to predict)");
      }
      return null;
    }
    if (features.contains(label.text())) {
      checker.error(label.position(), "column '" + label.text() + "' is the label, so it cannot also be a feature");
    }
    return new DataSpec(format, path, pathPosition, features, label.text(), classes, null, testFraction,
        validationFraction, splitSeed, scaling, divisor);
  }

  /** {@code train images "a.gz" labels "b.gz"}: the two file names, or null after an error. */
  private String[] imageFiles(Statement s, List<Value> values) {
    if (values.size() == 4 && values.get(0).isName() && values.get(0).text().equals("images")
        && values.get(1).kind() == Value.Kind.STRING && values.get(2).isName()
        && values.get(2).text().equals("labels") && values.get(3).kind() == Value.Kind.STRING) {
      return new String[] {values.get(1).text(), values.get(3).text()};
    }
    checker.error(s.position(), "write '" + s.name() + " images \"...-images-idx3-ubyte.gz\" labels \"...-labels-idx1-ubyte.gz\"'");
    return null;
  }

  private List<String> columnNames(Statement s, List<Value> values) {
    if (values.isEmpty()) {
      checker.error(s.position(), "'" + s.name() + "' needs at least one column name");
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (Value v : values) {
      String name = columnName(v);
      if (name == null) {
        continue;
      }
      if (names.contains(name)) {
        checker.error(v.position(), "column '" + name + "' is listed twice");
      } else {
        names.add(name);
      }
    }
    return names;
  }

  private String columnName(Value v) {
    if ((v.isName() && !v.hasParameters()) || v.kind() == Value.Kind.STRING) {
      if (v.text().isEmpty()) {
        checker.error(v.position(), "a column name cannot be empty");
        return null;
      }
      return v.text();
    }
    checker.error(v.position(), "expected a column name, found " + v.describe());
    return null;
  }

  private List<String> classNames(Statement s, List<Value> values) {
    List<String> names = columnNames(s, values);
    if (!values.isEmpty() && names.size() < 2) {
      checker.error(s.position(), "'classes' needs at least two class names");
    }
    return names;
  }
}
