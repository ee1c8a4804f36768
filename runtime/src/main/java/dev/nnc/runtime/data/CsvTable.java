package dev.nnc.runtime.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A CSV file held in memory as text cells: a header naming the columns, then rows.
 *
 * <p>The dialect is RFC 4180 with some leniency: comma separated; cells may be double-quoted, with
 * {@code ""} standing for a quote and line breaks allowed inside quotes; whitespace around unquoted
 * cells is trimmed; blank lines are skipped; {@code \n}, {@code \r\n} and {@code \r} all end a line; a
 * leading UTF-8 byte-order mark is ignored. Each row remembers the line it starts on so later errors
 * can point at it.
 */
public final class CsvTable {

  /** Spreadsheet programs often start UTF-8 files with this invisible character. */
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private final String displayName;
  private final List<String> header;
  private final List<String[]> rows;
  private final int[] lines;

  private CsvTable(String displayName, List<String> header, List<String[]> rows, int[] lines) {
    this.displayName = displayName;
    this.header = header;
    this.rows = rows;
    this.lines = lines;
  }

  /**
   * Reads and checks a whole CSV file.
   *
   * @param file where to read from
   * @param displayName how error messages name the file, usually the path as the user wrote it
   * @throws DataException if the file cannot be read, is empty, is not UTF-8, is malformed, has a row
   *     whose cell count differs from the header's, or repeats a header name
   */
  public static CsvTable read(Path file, String displayName) {
    return parse(readText(file, displayName), displayName);
  }

  /** Parses CSV text already in memory; {@code displayName} names it in error messages. */
  public static CsvTable parse(String text, String displayName) {
    String content = text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text;
    List<CsvRecordParser.Record> records = new CsvRecordParser(content, displayName).records();
    if (records.isEmpty()) {
      throw DataException.at(displayName, "the data file is empty; expected a header line naming the columns");
    }
    CsvRecordParser.Record headerRecord = records.get(0);
    List<String> header = List.of(headerRecord.cells());
    checkHeader(header, headerRecord.line(), displayName);

    List<String[]> rows = new ArrayList<>(records.size() - 1);
    int[] lines = new int[records.size() - 1];
    for (int i = 1; i < records.size(); i++) {
      CsvRecordParser.Record record = records.get(i);
      if (record.cells().length != header.size()) {
        throw DataException.at(displayName, record.line(),
            "this row has " + cells(record.cells().length) + " but the header has "
                + header.size() + " columns");
      }
      rows.add(record.cells());
      lines[i - 1] = record.line();
    }
    return new CsvTable(displayName, header, Collections.unmodifiableList(rows), lines);
  }

  /** The column names, in file order. */
  public List<String> header() {
    return header;
  }

  /** Number of data rows (the header and blank lines not counted). */
  public int rowCount() {
    return rows.size();
  }

  /** The text of a cell; {@code row} and {@code column} are 0-based. */
  public String cell(int row, int column) {
    return rows.get(row)[column];
  }

  /** The 1-based line of the file where data row {@code row} (0-based) starts. */
  public int lineOf(int row) {
    return lines[row];
  }

  /** The 0-based index of the column named {@code name}, or -1 if there is none. */
  public int columnIndex(String name) {
    return header.indexOf(name);
  }

  /** How error messages name this file. */
  public String displayName() {
    return displayName;
  }

  private static void checkHeader(List<String> header, int line, String displayName) {
    for (int column = 0; column < header.size(); column++) {
      String name = header.get(column);
      if (name.isEmpty()) {
        throw DataException.at(displayName, line,
            "column " + (column + 1) + " of the header has no name");
      }
      int first = header.indexOf(name);
      if (first != column) {
        throw DataException.at(displayName, line,
            "the header names column '" + name + "' twice (columns " + (first + 1) + " and "
                + (column + 1) + ")");
      }
    }
  }

  private static String readText(Path file, String displayName) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw DataException.at(displayName, "cannot read data file: it is a directory");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw DataException.at(displayName, "cannot read data file: no such file");
    } catch (AccessDeniedException e) {
      throw DataException.at(displayName, "cannot read data file: permission denied");
    } catch (IOException e) {
      throw DataException.at(displayName, "cannot read data file: " + e.getMessage());
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw DataException.at(displayName, "the data file is not UTF-8 text");
    }
  }

  private static String cells(int count) {
    return count == 1 ? "1 cell" : count + " cells";
  }
}
