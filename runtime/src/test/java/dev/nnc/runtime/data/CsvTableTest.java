package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

  @TempDir
  Path directory;

  @Test
  void readsHeaderRowsAndLineNumbers() throws IOException {
    Path file = write("study_hours,sleep_hours,result\n8,7,1\n\n3,5,0\n");
    CsvTable table = CsvTable.read(file, "data/student.csv");
    assertEquals(List.of("study_hours", "sleep_hours", "result"), table.header());
    assertEquals(2, table.rowCount());
    assertEquals("8", table.cell(0, 0));
    assertEquals("0", table.cell(1, 2));
    assertEquals(2, table.lineOf(0));
    assertEquals(4, table.lineOf(1)); // the blank line 3 is skipped but still counted
    assertEquals(1, table.columnIndex("sleep_hours"));
    assertEquals(-1, table.columnIndex("missing"));
    assertEquals("data/student.csv", table.displayName());
  }

  @Test
  void handlesQuotesEscapesAndLineBreaksInsideQuotes() {
    CsvTable table = CsvTable.parse(
        "name,note\n\"Smith, Jo\",\"said \"\"hi\"\"\"\n\"multi\nline\",x\nlast,  \" padded \"  \n",
        "q.csv");
    assertEquals("Smith, Jo", table.cell(0, 0));
    assertEquals("said \"hi\"", table.cell(0, 1));
    assertEquals("multi\nline", table.cell(1, 0));
    assertEquals(" padded ", table.cell(2, 1)); // spaces inside quotes are kept
    assertEquals(2, table.lineOf(0));
    assertEquals(3, table.lineOf(1));
    assertEquals(5, table.lineOf(2)); // the quoted line break advanced the count
  }

  @Test
  void trimsUnquotedCellsAndAcceptsCrLfAndByteOrderMark() {
    CsvTable table = CsvTable.parse("\uFEFF a , b \r\n 1 ,2\r\n   \r\n3,  4  \r\n", "w.csv");
    assertEquals(List.of("a", "b"), table.header());
    assertEquals(2, table.rowCount());
    assertEquals("1", table.cell(0, 0));
    assertEquals("4", table.cell(1, 1));
    assertEquals(4, table.lineOf(1));
  }

  @Test
  void keepsEmptyCellsAndAcceptsAMissingFinalNewline() {
    CsvTable table = CsvTable.parse("a,b,c\n1,,3", "e.csv");
    assertEquals("", table.cell(0, 1));
    assertEquals("3", table.cell(0, 2));
  }

  @Test
  void headerOnlyFileHasNoRows() {
    assertEquals(0, CsvTable.parse("a,b\n", "h.csv").rowCount());
  }

  @Test
  void missingFileSaysSo() {
    DataException error = assertThrows(DataException.class,
        () -> CsvTable.read(directory.resolve("nope.csv"), "data/nope.csv"));
    assertEquals("data/nope.csv: error: cannot read data file: no such file", error.getMessage());
    assertEquals("data/nope.csv", error.file());
    assertEquals(0, error.line());
  }

  @Test
  void directoryIsNotADataFile() {
    DataException error = assertThrows(DataException.class, () -> CsvTable.read(directory, "data"));
    assertEquals("data: error: cannot read data file: it is a directory", error.getMessage());
  }

  @Test
  void emptyFileSaysAHeaderIsExpected() throws IOException {
    Path file = write("\n  \n");
    DataException error = assertThrows(DataException.class, () -> CsvTable.read(file, "empty.csv"));
    assertEquals("empty.csv: error: the data file is empty; expected a header line naming the columns",
        error.getMessage());
  }

  @Test
  void rowWithTheWrongNumberOfCellsNamesItsLine() {
    DataException error = assertThrows(DataException.class,
        () -> CsvTable.parse("a,b,c\n1,2,3\n\n4,5\n", "data/student.csv"));
    assertEquals("data/student.csv:4: error: this row has 2 cells but the header has 3 columns",
        error.getMessage());
    assertEquals(4, error.line());
  }

  @Test
  void duplicateHeaderNamesAreRefused() {
    DataException error = assertThrows(DataException.class,
        () -> CsvTable.parse("x,y,x\n1,2,3\n", "d.csv"));
    assertEquals("d.csv:1: error: the header names column 'x' twice (columns 1 and 3)",
        error.getMessage());
  }

  @Test
  void unnamedHeaderColumnIsRefused() {
    DataException error = assertThrows(DataException.class, () -> CsvTable.parse("x,,y\n1,2,3\n", "n.csv"));
    assertEquals("n.csv:1: error: column 2 of the header has no name", error.getMessage());
  }

  @Test
  void unclosedQuoteNamesTheLineWhereItOpens() {
    DataException error = assertThrows(DataException.class,
        () -> CsvTable.parse("a,b\n1,\"open\n2,3\n", "u.csv"));
    assertEquals("u.csv:2: error: cell 2 opens a quote that is never closed", error.getMessage());
  }

  @Test
  void textAfterAClosingQuoteIsRefused() {
    DataException error = assertThrows(DataException.class,
        () -> CsvTable.parse("a,b\n\"x\"y,2\n", "t.csv"));
    assertEquals("t.csv:2: error: cell 1 has text after its closing quote; put the whole cell in quotes"
        + " and write a quote inside it as \"\"", error.getMessage());
  }

  @Test
  void invalidUtf8IsReported() throws IOException {
    Path file = directory.resolve("latin1.csv");
    Files.write(file, new byte[] {'a', '\n', (byte) 0xE9, '\n'});
    DataException error = assertThrows(DataException.class, () -> CsvTable.read(file, "latin1.csv"));
    assertEquals("latin1.csv: error: the data file is not UTF-8 text", error.getMessage());
  }

  private Path write(String text) throws IOException {
    Path file = directory.resolve("data.csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
