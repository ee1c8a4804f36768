package dev.nnc.runtime.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads one label cell into a target value, for one {@link LabelKind}. */
abstract class LabelReader {

  final CsvTable table;
  final int column;

  private LabelReader(CsvTable table, int column) {
    this.table = table;
    this.column = column;
  }

  /** The target value for a data row. */
  abstract float read(int row);

  /** Class names by class index, empty for regression. */
  abstract List<String> classNames();

  static LabelReader regression(CsvTable table, int column) {
    return new LabelReader(table, column) {
      @Override
      float read(int row) {
        return NumericCell.parse(table, row, column, "label column");
      }

      @Override
      List<String> classNames() {
        return List.of();
      }
    };
  }

  /** 0/1 labels, or the two declared class names (index 0 then index 1). */
  static LabelReader binary(CsvTable table, int column, List<String> declaredNames) {
    List<String> names = declaredNames.isEmpty() ? List.of("0", "1") : declaredNames;
    return new NamedClassReader(table, column, names, !declaredNames.isEmpty());
  }

  /**
   * Class labels: the declared names or indices into them, or, with no declared names, the distinct
   * values of the column sorted numerically if all are numbers, else as text.
   */
  static LabelReader classIndex(CsvTable table, int column, List<String> declaredNames) {
    if (!declaredNames.isEmpty()) {
      return new NamedClassReader(table, column, declaredNames, true);
    }
    return new DiscoveredClassReader(table, column);
  }

  DataException error(int row, String text) {
    return DataException.at(table.displayName(), table.lineOf(row),
        "label column '" + table.header().get(column) + "' " + text);
  }

  /** Classes known in advance: a cell names one, or is its index written as a whole number. */
  private static final class NamedClassReader extends LabelReader {
    private final List<String> names;
    private final boolean namesDeclared;

    NamedClassReader(CsvTable table, int column, List<String> names, boolean namesDeclared) {
      super(table, column);
      this.names = List.copyOf(names);
      this.namesDeclared = namesDeclared;
    }

    @Override
    float read(int row) {
      String cell = table.cell(row, column);
      if (cell.isEmpty()) {
        throw error(row, "is empty; every row needs a label");
      }
      int byName = names.indexOf(cell);
      if (byName >= 0) {
        return byName;
      }
      if (NumericCell.isNumber(cell)) {
        double value = Double.parseDouble(cell);
        if (value == Math.rint(value) && value >= 0 && value < names.size()) {
          return (float) value;
        }
      }
      throw error(row, "holds '" + cell + "', which is not " + expected());
    }

    private String expected() {
      String indices = names.size() == 2 ? "0 or 1" : "an index from 0 to " + (names.size() - 1);
      if (!namesDeclared) {
        return indices;
      }
      List<String> quoted = new ArrayList<>();
      for (String name : names) {
        quoted.add("'" + name + "'");
      }
      return "one of the classes " + String.join(", ", quoted) + " or " + indices;
    }

    @Override
    List<String> classNames() {
      return names;
    }
  }

  /** Classes taken from the data itself, ordered as scikit-learn's LabelEncoder would. */
  private static final class DiscoveredClassReader extends LabelReader {
    private final Map<String, Integer> indexByCell = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();

    DiscoveredClassReader(CsvTable table, int column) {
      super(table, column);
      boolean allNumeric = true;
      for (int row = 0; row < table.rowCount(); row++) {
        String cell = table.cell(row, column);
        if (cell.isEmpty()) {
          throw error(row, "is empty; every row needs a label");
        }
        allNumeric &= NumericCell.isNumber(cell);
      }
      if (allNumeric) {
        indexNumerically();
      } else {
        indexAsText();
      }
    }

    /** Equal numbers written differently ("1" and "1.0") are one class, named as first written. */
    private void indexNumerically() {
      TreeMap<Double, String> firstSpelling = new TreeMap<>();
      for (int row = 0; row < table.rowCount(); row++) {
        String cell = table.cell(row, column);
        firstSpelling.putIfAbsent(numericKey(cell), cell);
      }
      Map<Double, Integer> indexByValue = new TreeMap<>();
      for (Map.Entry<Double, String> entry : firstSpelling.entrySet()) {
        indexByValue.put(entry.getKey(), names.size());
        names.add(entry.getValue());
      }
      for (int row = 0; row < table.rowCount(); row++) {
        String cell = table.cell(row, column);
        indexByCell.put(cell, indexByValue.get(numericKey(cell)));
      }
    }

    /** Adding 0.0 turns -0.0 into 0.0, so "-0" and "0" are one class, as they are in numpy. */
    private static double numericKey(String cell) {
      return Double.parseDouble(cell) + 0.0;
    }

    private void indexAsText() {
      TreeMap<String, Integer> sorted = new TreeMap<>();
      for (int row = 0; row < table.rowCount(); row++) {
        sorted.put(table.cell(row, column), 0);
      }
      for (String cell : sorted.keySet()) {
        indexByCell.put(cell, names.size());
        names.add(cell);
      }
    }

    @Override
    float read(int row) {
      return indexByCell.get(table.cell(row, column));
    }

    @Override
    List<String> classNames() {
      return List.copyOf(names);
    }
  }
}
