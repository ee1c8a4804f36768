package dev.nnc.runtime.data;

import java.util.ArrayList;
import java.util.List;

/** Splits CSV text into records of cells, tracking the line each record starts on. */
final class CsvRecordParser {

  /** One CSV record: its cells and the 1-based line where it starts. */
  record Record(String[] cells, int line) {}

  private final String text;
  private final String displayName;
  private int position;
  private int line = 1;

  CsvRecordParser(String text, String displayName) {
    this.text = text;
    this.displayName = displayName;
  }

  /** All records, blank lines left out. */
  List<Record> records() {
    List<Record> records = new ArrayList<>();
    while (position < text.length()) {
      int startLine = line;
      List<String> cells = new ArrayList<>();
      boolean anyQuoted = false;
      while (true) {
        anyQuoted |= readCell(cells);
        if (position >= text.length()) {
          break;
        }
        char separator = text.charAt(position);
        if (separator == ',') {
          position++;
          continue;
        }
        consumeLineBreak();
        break;
      }
      boolean blank = !anyQuoted && cells.size() == 1 && cells.get(0).isEmpty();
      if (!blank) {
        records.add(new Record(cells.toArray(new String[0]), startLine));
      }
    }
    return records;
  }

  /** Reads one cell, leaving the position on the separator, line break or end; true if quoted. */
  private boolean readCell(List<String> cells) {
    skipSpaces();
    if (position < text.length() && text.charAt(position) == '"') {
      cells.add(readQuotedCell(cells.size() + 1));
      return true;
    }
    int start = position;
    while (position < text.length() && !isCellEnd(text.charAt(position))) {
      position++;
    }
    cells.add(text.substring(start, position).strip());
    return false;
  }

  private String readQuotedCell(int cellNumber) {
    int openingLine = line;
    position++;
    StringBuilder cell = new StringBuilder();
    while (true) {
      if (position >= text.length()) {
        throw DataException.at(displayName, openingLine,
            "cell " + cellNumber + " opens a quote that is never closed");
      }
      char c = text.charAt(position);
      if (c == '"') {
        if (position + 1 < text.length() && text.charAt(position + 1) == '"') {
          cell.append('"');
          position += 2;
          continue;
        }
        position++;
        break;
      }
      if (c == '\r' || c == '\n') {
        int before = position;
        consumeLineBreak();
        cell.append(text, before, position);
        continue;
      }
      cell.append(c);
      position++;
    }
    skipSpaces();
    if (position < text.length() && !isCellEnd(text.charAt(position))) {
      throw DataException.at(displayName, line,
          "cell " + cellNumber + " has text after its closing quote; put the whole cell in quotes and"
              + " write a quote inside it as \"\"");
    }
    return cell.toString();
  }

  private void skipSpaces() {
    while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t')) {
      position++;
    }
  }

  /** Steps over one line break of any style and counts the line. */
  private void consumeLineBreak() {
    char c = text.charAt(position);
    position++;
    if (c == '\r' && position < text.length() && text.charAt(position) == '\n') {
      position++;
    }
    line++;
  }

  private static boolean isCellEnd(char c) {
    return c == ',' || c == '\n' || c == '\r';
  }
}
