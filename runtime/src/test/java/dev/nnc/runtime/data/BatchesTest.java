package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchesTest {

  /** Row i has features (i, 10 i) and target 100 i, so a batch shows which rows it holds. */
  private static Dataset numbered(int rows) {
    float[] features = new float[rows * 2];
    float[] targets = new float[rows];
    for (int i = 0; i < rows; i++) {
      features[2 * i] = i;
      features[2 * i + 1] = 10 * i;
      targets[i] = 100 * i;
    }
    return new Dataset(features, targets, rows, 2, 1, List.of("a", "b"), List.of());
  }

  @Test
  void inOrderBatchesCoverEveryRowWithASmallerLastBatch() {
    Batches batches = new Batches(numbered(5), 2, false, 0);
    assertEquals(3, batches.batchesPerEpoch());
    batches.startEpoch();
    assertTrue(batches.next());
    assertEquals(2, batches.size());
    assertEquals(0, batches.index());
    assertArrayEquals(new float[] {0, 0, 1, 10}, batches.x());
    assertArrayEquals(new float[] {0, 100}, batches.y());
    assertTrue(batches.next());
    assertArrayEquals(new float[] {2, 20, 3, 30}, batches.x());
    assertTrue(batches.next());
    assertEquals(1, batches.size());
    assertEquals(2, batches.index());
    assertArrayEquals(new float[] {4, 40}, Arrays.copyOf(batches.x(), 2));
    assertEquals(400f, batches.y()[0]);
    assertFalse(batches.next());
    assertEquals(0, batches.size());
  }

  /** Rows wide enough that a batch of 64 is copied by the team (each row's values tell its number). */
  private static Dataset wide(int rows, int features) {
    float[] x = new float[rows * features];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      for (int f = 0; f < features; f++) {
        x[i * features + f] = i * 1000 + f;
      }
      y[i] = -i;
    }
    return new Dataset(x, y, rows, features, 1, Collections.nCopies(features, "f"), List.of());
  }

  @Test
  void aTeamCopiesTheSameBatchesAsOneThread() {
    Dataset data = wide(300, 784);
    for (int threads : new int[] {2, 3}) {
      Batches alone = new Batches(data, 64, true, 5);
      Batches shared = new Batches(data, 64, true, 5);
      try (WorkerTeam team = WorkerTeam.of(threads)) {
        for (int epoch = 0; epoch < 2; epoch++) {
          alone.startEpoch();
          shared.startEpoch();
          while (alone.next()) {
            assertTrue(shared.next(team));
            assertEquals(alone.size(), shared.size());
            assertArrayEquals(alone.x(), shared.x(), threads + " threads, batch " + alone.index());
            assertArrayEquals(alone.y(), shared.y(), threads + " threads, batch " + alone.index());
          }
          assertFalse(shared.next(team));
        }
      }
    }
  }

  @Test
  void reusesTheSameBuffers() {
    Batches batches = new Batches(numbered(7), 3, true, 1);
    float[] x = batches.x();
    float[] y = batches.y();
    assertEquals(6, x.length);
    assertEquals(3, y.length);
    for (int epoch = 0; epoch < 2; epoch++) {
      batches.startEpoch();
      while (batches.next()) {
        assertSame(x, batches.x());
        assertSame(y, batches.y());
      }
    }
  }

  @Test
  void shuffledEpochsAreFisherYatesPermutationsFromOneSeededRandom() {
    int rows = 10;
    Batches batches = new Batches(numbered(rows), 4, true, 123);
    Random reference = new Random(123);
    List<int[]> orders = new ArrayList<>();
    for (int epoch = 0; epoch < 3; epoch++) {
      int[] expected = fisherYates(reference, rows);
      int[] seen = epochOrder(batches);
      assertArrayEquals(expected, seen, "epoch " + epoch);
      orders.add(seen);
    }
    assertNotEquals(Arrays.toString(orders.get(0)), Arrays.toString(orders.get(1)));
  }

  @Test
  void sameSeedGivesTheSameSequenceAndTargetsStayWithTheirRows() {
    Batches first = new Batches(numbered(9), 2, true, 77);
    Batches second = new Batches(numbered(9), 2, true, 77);
    for (int epoch = 0; epoch < 3; epoch++) {
      int[] order = epochOrder(first);
      assertArrayEquals(order, epochOrder(second));
      int[] sorted = order.clone();
      Arrays.sort(sorted);
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, sorted);
    }
  }

  @Test
  void batchSizeMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new Batches(numbered(3), 0, false, 0));
  }

  private static int[] fisherYates(Random random, int rows) {
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /** The rows of one epoch in visiting order, checking each row's target came along with it. */
  private static int[] epochOrder(Batches batches) {
    List<Integer> rows = new ArrayList<>();
    batches.startEpoch();
    while (batches.next()) {
      for (int i = 0; i < batches.size(); i++) {
        int row = (int) batches.x()[2 * i];
        assertEquals(10f * row, batches.x()[2 * i + 1]);
        assertEquals(100f * row, batches.y()[i]);
        rows.add(row);
      }
    }
    return rows.stream().mapToInt(Integer::intValue).toArray();
  }
}
