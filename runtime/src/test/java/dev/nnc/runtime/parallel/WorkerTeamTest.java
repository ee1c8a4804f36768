package dev.nnc.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerTeamTest {

  @Test
  void everyPartRunsExactlyOncePerTask() throws InterruptedException {
    try (WorkerTeam team = WorkerTeam.of(3)) {
      Set<Thread> threads = ConcurrentHashMap.newKeySet();
      for (int round = 0; round < 2000; round++) {
        AtomicIntegerArray counts = new AtomicIntegerArray(3);
        team.run((part, parts) -> {
          assertEquals(3, parts);
          counts.incrementAndGet(part);
          threads.add(Thread.currentThread());
        });
        assertEquals("[1, 1, 1]", counts.toString());
        if (round % 100 == 99) {
          Thread.sleep(1); // helpers go from spinning to parked and back
        }
      }
      assertEquals(2000, team.tasksSplit());
      assertTrue(threads.size() > 1, "the helpers never ran a part");
    }
  }

  @Test
  void theCallerRunsThePartsOfHelpersThatDoNotCome() {
    try (WorkerTeam team = WorkerTeam.withStalledHelpers(3)) {
      Thread caller = Thread.currentThread();
      for (int round = 0; round < 3; round++) {
        AtomicIntegerArray counts = new AtomicIntegerArray(3);
        team.run((part, parts) -> {
          assertEquals(caller, Thread.currentThread());
          counts.incrementAndGet(part);
        });
        assertEquals("[1, 1, 1]", counts.toString());
      }
    }
  }

  @Test
  void partZeroRunsOnTheCaller() {
    try (WorkerTeam team = WorkerTeam.of(2)) {
      Thread caller = Thread.currentThread();
      Thread[] seen = new Thread[2];
      team.run((part, parts) -> seen[part] = Thread.currentThread());
      assertEquals(caller, seen[0]);
    }
  }

  @Test
  void helpersWakeUpAfterParking() throws InterruptedException {
    try (WorkerTeam team = WorkerTeam.of(2)) {
      int[] sum = new int[2];
      team.run((part, parts) -> sum[part] += 1);
      Thread.sleep(50); // well past the spin time: the helper has parked
      team.run((part, parts) -> sum[part] += 10);
      assertArrayEquals(new int[] {11, 11}, sum);
    }
  }

  @Test
  void aFailingPartIsRethrownAndTheTeamStaysUsable() {
    try (WorkerTeam team = WorkerTeam.of(2)) {
      IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> team.run((part, parts) -> {
        if (part == 1) {
          throw new IllegalStateException("part 1 failed");
        }
      }));
      assertEquals("part 1 failed", thrown.getMessage());
      int[] ran = new int[2];
      team.run((part, parts) -> ran[part]++);
      assertArrayEquals(new int[] {1, 1}, ran);
    }
  }

  @Test
  void aTeamOfOneRunsOnTheCallerWithoutSplitting() {
    try (WorkerTeam team = WorkerTeam.of(1)) {
      int[] parts = new int[1];
      team.run((part, count) -> parts[0] = count);
      assertEquals(1, parts[0]);
      assertEquals(0, team.tasksSplit());
    }
    assertThrows(IllegalArgumentException.class, () -> WorkerTeam.of(0));
  }

  @Test
  void aClosedTeamRefusesWork() {
    WorkerTeam team = WorkerTeam.of(2);
    team.close();
    assertThrows(IllegalStateException.class, () -> team.run((part, parts) -> { }));
  }

  @Test
  void rangesCoverEverythingInWholeBlocks() {
    // 37 rows in blocks of 8 over 3 parts: 5 blocks split 1, 2, 2 -> 0..8, 8..24, 24..37.
    assertEquals(0, WorkerTeam.start(37, 0, 3, 8));
    assertEquals(8, WorkerTeam.start(37, 1, 3, 8));
    assertEquals(24, WorkerTeam.start(37, 2, 3, 8));
    assertEquals(37, WorkerTeam.start(37, 3, 3, 8));
    for (int n = 0; n < 100; n++) {
      for (int parts = 1; parts <= 4; parts++) {
        int previous = 0;
        for (int part = 1; part <= parts; part++) {
          int start = WorkerTeam.start(n, part, parts, 8);
          assertEquals(true, start >= previous && (start % 8 == 0 || start == n), n + " " + part + "/" + parts);
          previous = start;
        }
        assertEquals(n, previous);
      }
    }
  }
}
