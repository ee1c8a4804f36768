package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DataExceptionTest {

  @Test
  void formatsPlaceAndText() {
    assertEquals("data/student.csv:4: error: column 'sleep_hours' holds 'abc', which is not a number",
        DataException.at("data/student.csv", 4, "column 'sleep_hours' holds 'abc', which is not a number")
            .getMessage());
    assertEquals("d.csv: error: bad", DataException.at("d.csv", "bad").getMessage());
    assertEquals("error: bad", DataException.of("bad").getMessage());
  }

  @Test
  void inFileAddsAFileOnlyWhereThereIsNone() {
    DataException placed = DataException.of("too few rows").inFile("d.csv");
    assertEquals("d.csv: error: too few rows", placed.getMessage());
    assertEquals("too few rows", placed.text());
    DataException already = DataException.at("a.csv", 3, "x");
    assertSame(already, already.inFile("b.csv"));
  }

  @Test
  void linesStartAtOne() {
    assertThrows(IllegalArgumentException.class, () -> DataException.at("d.csv", 0, "x"));
  }
}
