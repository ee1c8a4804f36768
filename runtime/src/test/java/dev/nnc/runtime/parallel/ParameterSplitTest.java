package dev.nnc.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.parallel.ParameterSplit.Rows;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterSplitTest {

  private static final int[] PART_COUNTS = {1, 2, 3, 5};

  // 1000 parameters: a gap 0..10, 37 rows of 8 at 10..306, a gap 306..400, 9 rows of 50 at 400..850,
  // and a gap 850..1000. Row counts that are not multiples of the row block leave a short last block.
  private static final int LENGTH = 1000;
  private static final int ROW_BLOCK = 8;
  private static final Rows FIRST = new Rows(10, 37, 8);
  private static final Rows SECOND = new Rows(400, 9, 50);

  @Test
  void rowBlocksAndGapsAreCoveredExactlyOnceInIncreasingOrder() {
    ParameterSplit split = ParameterSplit.byRows(LENGTH, ROW_BLOCK, FIRST, SECOND);
    assertEquals(LENGTH, split.length());
    for (int parts : PART_COUNTS) {
      int[] covered = new int[LENGTH];
      for (int part = 0; part < parts; part++) {
        List<int[]> ranges = ranges(split, part, parts);
        assertIncreasing(ranges, part + "/" + parts);
        for (int[] range : ranges) {
          for (int i = range[0]; i < range[1]; i++) {
            covered[i]++;
          }
        }
      }
      for (int i = 0; i < LENGTH; i++) {
        assertEquals(1, covered[i], "parameter " + i + " with " + parts + " parts");
      }
    }
  }

  @Test
  void eachPartTakesTheRowsWorkerTeamStartGivesIt() {
    ParameterSplit split = ParameterSplit.byRows(LENGTH, ROW_BLOCK, FIRST, SECOND);
    for (int parts : PART_COUNTS) {
      for (int part = 0; part < parts; part++) {
        List<int[]> ranges = ranges(split, part, parts);
        for (Rows rows : new Rows[] {FIRST, SECOND}) {
          int from = rows.offset() + WorkerTeam.start(rows.rows(), part, parts, ROW_BLOCK) * rows.rowLength();
          int to = rows.offset() + WorkerTeam.start(rows.rows(), part + 1, parts, ROW_BLOCK) * rows.rowLength();
          assertEquals(from < to ? List.of(from + ".." + to) : List.of(),
              within(ranges, rows.offset(), rows.offset() + rows.rows() * rows.rowLength()),
              rows + ", part " + part + "/" + parts);
        }
        // The gaps go evenly in whole blocks of 16 (one cache line of floats) from each gap's start.
        for (int[] gap : new int[][] {{0, 10}, {306, 400}, {850, 1000}}) {
          int from = gap[0] + WorkerTeam.start(gap[1] - gap[0], part, parts, 16);
          int to = gap[0] + WorkerTeam.start(gap[1] - gap[0], part + 1, parts, 16);
          assertEquals(from < to ? List.of(from + ".." + to) : List.of(), within(ranges, gap[0], gap[1]),
              "gap " + gap[0] + ".." + gap[1] + ", part " + part + "/" + parts);
        }
      }
    }
  }

  @Test
  void theOrderOfTheRowBlocksGivenDoesNotMatter() {
    ParameterSplit inOrder = ParameterSplit.byRows(LENGTH, ROW_BLOCK, FIRST, SECOND);
    ParameterSplit reversed = ParameterSplit.byRows(LENGTH, ROW_BLOCK, SECOND, FIRST);
    for (int parts : PART_COUNTS) {
      for (int part = 0; part < parts; part++) {
        assertEquals(describe(ranges(inOrder, part, parts)), describe(ranges(reversed, part, parts)));
      }
    }
  }

  @Test
  void evenCoversEverythingExactlyOnce() {
    // Lengths below, at and above one block of 16, and below the part count (some parts get nothing).
    for (int length : new int[] {0, 1, 3, 15, 16, 17, 100, 1000}) {
      ParameterSplit split = ParameterSplit.even(length);
      assertEquals(length, split.length());
      for (int parts : new int[] {1, 2, 3, 5, 8}) {
        int[] covered = new int[length];
        for (int part = 0; part < parts; part++) {
          List<int[]> ranges = ranges(split, part, parts);
          assertIncreasing(ranges, length + " in " + part + "/" + parts);
          for (int[] range : ranges) {
            assertTrue(range[0] % 16 == 0, "an even range starts mid cache line: " + describe(ranges));
            for (int i = range[0]; i < range[1]; i++) {
              covered[i]++;
            }
          }
        }
        for (int i = 0; i < length; i++) {
          assertEquals(1, covered[i], "parameter " + i + " of " + length + " with " + parts + " parts");
        }
      }
    }
  }

  @Test
  void refusesOverlappingBlocksBlocksPastTheEndAndEmptyRows() {
    // Overlap: 0..100 and 50..70.
    assertThrows(IllegalArgumentException.class,
        () -> ParameterSplit.byRows(200, 8, new Rows(0, 10, 10), new Rows(50, 2, 10)));
    // The same overlap given in the other order.
    assertThrows(IllegalArgumentException.class,
        () -> ParameterSplit.byRows(200, 8, new Rows(50, 2, 10), new Rows(0, 10, 10)));
    // 90..110 in 100 parameters.
    assertThrows(IllegalArgumentException.class, () -> ParameterSplit.byRows(100, 8, new Rows(90, 2, 10)));
    assertThrows(IllegalArgumentException.class, () -> new Rows(0, 0, 5));
    assertThrows(IllegalArgumentException.class, () -> new Rows(0, -1, 5));
    assertThrows(IllegalArgumentException.class, () -> new Rows(0, 5, 0));
    assertThrows(IllegalArgumentException.class, () -> new Rows(-1, 5, 5));
    assertThrows(IllegalArgumentException.class, () -> ParameterSplit.byRows(100, 0));
    assertThrows(IllegalArgumentException.class, () -> ParameterSplit.even(-1));
    // The limits themselves are fine: blocks that touch, the last one ending at the length.
    ParameterSplit touching = ParameterSplit.byRows(120, 8, new Rows(0, 10, 10), new Rows(100, 2, 10));
    assertEquals("[0..100, 100..120]", describe(ranges(touching, 0, 1)));
  }

  /** The ranges part {@code part} of {@code parts} updates, in the order it is given them. */
  private static List<int[]> ranges(ParameterSplit split, int part, int parts) {
    List<int[]> ranges = new ArrayList<>();
    split.forEachRange(part, parts, (from, to) -> ranges.add(new int[] {from, to}));
    return ranges;
  }

  private static void assertIncreasing(List<int[]> ranges, String where) {
    int previousEnd = 0;
    for (int[] range : ranges) {
      assertTrue(range[0] >= previousEnd && range[0] < range[1],
          "ranges empty or out of order for " + where + ": " + describe(ranges));
      previousEnd = range[1];
    }
  }

  /**
   * The ranges that reach into {@code from..to}, as text; a range that also reaches outside it fails
   * the test, since each row block and gap is split on its own.
   */
  private static List<String> within(List<int[]> ranges, int from, int to) {
    List<String> inside = new ArrayList<>();
    for (int[] range : ranges) {
      if (range[0] < to && range[1] > from) {
        assertTrue(range[0] >= from && range[1] <= to,
            "range " + range[0] + ".." + range[1] + " straddles " + from + ".." + to);
        inside.add(range[0] + ".." + range[1]);
      }
    }
    return inside;
  }

  private static String describe(List<int[]> ranges) {
    List<String> text = new ArrayList<>();
    for (int[] range : ranges) {
      text.add(range[0] + ".." + range[1]);
    }
    return text.toString();
  }
}
