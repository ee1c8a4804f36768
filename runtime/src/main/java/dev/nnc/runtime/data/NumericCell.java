package dev.nnc.runtime.data;

import java.util.regex.Pattern;

/**
 * Reads numbers from CSV cells. Only plain decimal notation is accepted: Java's own parser would also
 * take {@code 1f}, {@code 0x1p3} and {@code NaN}, which are not numbers a data file should hold.
 */
final class NumericCell {

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");

  private NumericCell() {}

  /** True if the cell is a plain decimal number (which may still be out of float range). */
  static boolean isNumber(String cell) {
    return DECIMAL.matcher(cell).matches();
  }

  /**
   * The cell as a finite float.
   *
   * @throws DataException naming the line and column if the cell is empty, not a number, not finite
   *     or outside float range
   */
  static float parse(CsvTable table, int row, int column, String role) {
    String cell = table.cell(row, column);
    String where = role + " '" + table.header().get(column) + "'";
    if (cell.isEmpty()) {
      throw DataException.at(table.displayName(), table.lineOf(row),
          where + " is empty; every cell in it must hold a number");
    }
    if (!isNumber(cell)) {
      String what = looksNonFinite(cell) ? "which is not a finite number" : "which is not a number";
      throw DataException.at(table.displayName(), table.lineOf(row),
          where + " holds '" + cell + "', " + what);
    }
    float value = (float) Double.parseDouble(cell);
    if (Float.isInfinite(value)) {
      throw DataException.at(table.displayName(), table.lineOf(row),
          where + " holds '" + cell + "', which is too large for a 32-bit float");
    }
    return value;
  }

  private static boolean looksNonFinite(String cell) {
    String lower = cell.toLowerCase(java.util.Locale.ROOT).replaceFirst("^[+-]", "");
    return lower.equals("nan") || lower.equals("inf") || lower.equals("infinity");
  }
}
