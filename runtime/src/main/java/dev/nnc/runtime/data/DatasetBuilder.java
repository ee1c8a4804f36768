package dev.nnc.runtime.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns the text cells of a {@link CsvTable} into a {@link Dataset}, checking every cell. */
final class DatasetBuilder {

  private final CsvTable table;

  DatasetBuilder(CsvTable table) {
    this.table = table;
  }

  Dataset build(List<String> featureColumns, String labelColumn, LabelKind kind,
      List<String> classNames) {
    if (featureColumns.isEmpty()) {
      throw new IllegalArgumentException("a dataset needs at least one feature column");
    }
    if (kind == LabelKind.BINARY && !classNames.isEmpty() && classNames.size() != 2) {
      throw new IllegalArgumentException(
          "binary labels need exactly 2 class names, got " + classNames);
    }
    int[] featureIndices = featureIndices(featureColumns, labelColumn);
    int labelIndex = labelColumn == null ? -1 : requireColumn(labelColumn);
    if (table.rowCount() == 0) {
      throw DataException.at(table.displayName(), "the data file has a header but no rows");
    }

    int rows = table.rowCount();
    int featureCount = featureIndices.length;
    float[] features = new float[rows * featureCount];
    for (int row = 0; row < rows; row++) {
      for (int f = 0; f < featureCount; f++) {
        features[row * featureCount + f] = NumericCell.parse(table, row, featureIndices[f], "column");
      }
    }

    if (labelIndex < 0) {
      return new Dataset(features, new float[0], rows, featureCount, 0, featureColumns,
          unlabelledClassNames(kind, classNames));
    }
    LabelReader labels = switch (kind) {
      case BINARY -> LabelReader.binary(table, labelIndex, classNames);
      case CLASS_INDEX -> LabelReader.classIndex(table, labelIndex, classNames);
      case REGRESSION -> LabelReader.regression(table, labelIndex);
    };
    float[] targets = new float[rows];
    for (int row = 0; row < rows; row++) {
      targets[row] = labels.read(row);
    }
    return new Dataset(features, targets, rows, featureCount, 1, featureColumns, labels.classNames());
  }

  /** Without a label column only declared names are known; binary classes default to 0 and 1. */
  private static List<String> unlabelledClassNames(LabelKind kind, List<String> classNames) {
    return switch (kind) {
      case BINARY -> classNames.isEmpty() ? List.of("0", "1") : classNames;
      case CLASS_INDEX -> classNames;
      case REGRESSION -> List.of();
    };
  }

  private int[] featureIndices(List<String> featureColumns, String labelColumn) {
    Set<String> seen = new HashSet<>();
    int[] indices = new int[featureColumns.size()];
    for (int i = 0; i < indices.length; i++) {
      String name = featureColumns.get(i);
      if (!seen.add(name)) {
        throw new IllegalArgumentException("feature column '" + name + "' is listed twice");
      }
      if (name.equals(labelColumn)) {
        throw new IllegalArgumentException("column '" + name + "' cannot be both a feature and the label");
      }
      indices[i] = requireColumn(name);
    }
    return indices;
  }

  private int requireColumn(String name) {
    int index = table.columnIndex(name);
    if (index >= 0) {
      return index;
    }
    StringBuilder text = new StringBuilder("there is no column named '").append(name).append('\'');
    Suggestions.closest(name, table.header())
        .ifPresent(guess -> text.append(" (did you mean '").append(guess).append("'?)"));
    List<String> quoted = new ArrayList<>();
    for (String column : table.header()) {
      quoted.add("'" + column + "'");
    }
    text.append("; the columns are ").append(String.join(", ", quoted));
    throw DataException.at(table.displayName(), text.toString());
  }
}
