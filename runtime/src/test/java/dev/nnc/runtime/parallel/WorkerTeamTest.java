package dev.nnc.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
  void aSoloTeamRunsEveryPartOnTheCallerUntilTheHelpersJoinAgain() throws InterruptedException {
    try (WorkerTeam team = WorkerTeam.of(2)) {
      Thread caller = Thread.currentThread();
      Set<Thread> threads = ConcurrentHashMap.newKeySet();
      WorkerTeam.Task record = (part, parts) -> {
        threads.add(Thread.currentThread());
        for (int k = 0; k < 5000; k++) {
          Thread.onSpinWait(); // long enough for a spinning helper to claim a part
        }
      };
      for (int round = 0; round < 20; round++) {
        team.run(record); // the helpers are awake and spinning when the solo starts
      }
      threads.clear();
      team.setSolo(true);
      for (int round = 0; round < 200; round++) {
        AtomicIntegerArray counts = new AtomicIntegerArray(2);
        team.run((part, parts) -> {
          counts.incrementAndGet(part);
          record.run(part, parts);
        });
        assertEquals("[1, 1]", counts.toString());
      }
      assertEquals(Set.of(caller), threads, "a helper ran a part of a solo task");
      team.setSolo(false);
      for (int round = 0; round < 2000 && threads.size() == 1; round++) {
        team.run(record);
        if (round % 100 == 99) {
          Thread.sleep(1);
        }
      }
      assertTrue(threads.size() > 1, "the helpers did not join in after the solo");
    }
  }

  @Test
  void aSoloTeamRunsPipelinesAndPhasesInOrder() {
    try (WorkerTeam team = WorkerTeam.of(3)) {
      team.setSolo(true);
      assertTrue(!runPipelinedTasks(team, 50), "a helper ran a part of a solo pipeline");
      int[] written = new int[3];
      int[] seen = new int[3];
      team.runInPhases(new WorkerTeam.Task[] {
          (part, parts) -> written[part] = part + 1,
          (part, parts) -> seen[part] = written[0] + written[1] + written[2]});
      assertArrayEquals(new int[] {6, 6, 6}, seen);
      team.setSolo(false);
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

  /** Units of work per part in the pipelined tasks below. */
  private static final int UNITS = 24;

  @Test
  void pipelinedPartsSeeTheirPredecessorsUnitsOfTheSameTask() {
    for (int threads : new int[] {2, 3}) {
      // A wait that is never satisfied would spin forever: fail instead.
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        try (WorkerTeam team = WorkerTeam.of(threads)) {
          // Without a helper running a part, the parts run one after another and nothing waits.
          assertTrue(runPipelinedTasks(team, 200), "the helpers never ran a part");
        }
      }, threads + " threads");
    }
  }

  @Test
  void aMarkFromThePreviousTaskDoesNotSatisfyAWait() {
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      // The caller runs part 0 and then part 1 itself, so part 1 waits on a part that is over.
      try (WorkerTeam team = WorkerTeam.withStalledHelpers(2)) {
        team.run((part, parts) -> {
          if (part == 0) {
            team.finishedUnits(0, 10);
          }
        });
        // Part 0 now fails before marking anything: only task 1's mark could let part 1 proceed.
        RuntimeException failure = new UnsupportedOperationException("part 0 failed before its first unit");
        AtomicReference<String> partOne = new AtomicReference<>("did not run");
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> team.run((part, parts) -> {
          if (part == 0) {
            throw failure;
          }
          try {
            team.awaitUnits(0, 1);
            partOne.set("proceeded on the previous task's mark");
          } catch (IllegalStateException e) {
            partOne.set("aborted");
            throw e;
          }
        }));
        assertSame(failure, thrown);
        assertEquals("aborted", partOne.get());
      }
    });
  }

  @Test
  void aFailingPartAbortsThePartWaitingOnItAndIsRethrown() {
    for (int threads : new int[] {2, 3}) {
      // Were the waiting part not aborted, it would spin forever on a part that never marks a unit.
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
        try (WorkerTeam team = WorkerTeam.of(threads)) {
          int failing = threads - 2; // the caller's part 0 on two threads, a helper's part 1 on three
          for (int round = 0; round < 20; round++) {
            boolean late = round % 2 == 1; // late failures find the last part already waiting
            RuntimeException failure = new UnsupportedOperationException("part " + failing + " failed");
            AtomicReference<Throwable> waiter = new AtomicReference<>();
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> team.run((part, parts) -> {
              if (part == failing) {
                if (late) {
                  LockSupport.parkNanos(2_000_000);
                }
                throw failure;
              }
              if (part == parts - 1) {
                try {
                  team.awaitUnits(part - 1, 1);
                } catch (IllegalStateException e) {
                  waiter.set(e);
                  throw e;
                }
              }
            }));
            // The waiter's own IllegalStateException came second: run reports the cause, not the symptom.
            assertSame(failure, thrown);
            assertInstanceOf(IllegalStateException.class, waiter.get());
          }
          // The next tasks' waits are not aborted by the failures before them.
          runPipelinedTasks(team, 20);
        }
      }, threads + " threads");
    }
  }

  @Test
  void everyPhaseSeesWhatAllPartsWroteInThePreviousOne() {
    for (int threads : new int[] {2, 3}) {
      // A barrier that is never passed would spin forever: fail instead.
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        try (WorkerTeam team = WorkerTeam.of(threads)) {
          int[] written = new int[threads];
          int[] sums = new int[threads];
          int[] round = new int[1];
          Thread caller = Thread.currentThread();
          AtomicBoolean helperRan = new AtomicBoolean();
          WorkerTeam.Task[] phases = {
              (part, parts) -> {
                if (part == parts - 1) {
                  for (int k = 0; k < 200; k++) {
                    Thread.onSpinWait(); // the last part comes late, so that the others wait for it
                  }
                }
                written[part] = round[0] * 100 + part;
              },
              (part, parts) -> {
                if (Thread.currentThread() != caller) {
                  helperRan.set(true);
                }
                int sum = 0;
                for (int q = 0; q < parts; q++) {
                  sum += written[q];
                }
                sums[part] = sum;
              }};
          for (round[0] = 1; round[0] <= 2000; round[0]++) {
            team.runInPhases(phases);
            int expected = 0;
            for (int q = 0; q < threads; q++) {
              expected += round[0] * 100 + q;
            }
            for (int q = 0; q < threads; q++) {
              assertEquals(expected, sums[q], "round " + round[0] + ", part " + q);
            }
            if (round[0] % 500 == 0) {
              Thread.sleep(1); // helpers go from spinning to parked and back
            }
          }
          assertEquals(2000, team.tasksSplit(), "one hand-off per task, whatever its phases");
          assertTrue(helperRan.get(), "the helpers never ran a part");
        }
      }, threads + " threads");
    }
  }

  @Test
  void theCallerTakesOverUnclaimedPartsAtTheFirstBarrier() {
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      try (WorkerTeam team = WorkerTeam.withStalledHelpers(3)) {
        StringBuilder order = new StringBuilder();
        WorkerTeam.Task[] phases = {
            (part, parts) -> order.append('a').append(part),
            (part, parts) -> order.append('b').append(part),
            (part, parts) -> order.append('c').append(part)};
        team.runInPhases(phases);
        // Every part's phase before any part's next one, each part once per phase.
        assertEquals("a0a1a2b0b1b2c0c1c2", order.toString());
      }
    });
  }

  @Test
  void aTeamOfOneRunsThePhasesInOrderOnTheCaller() {
    try (WorkerTeam team = WorkerTeam.of(1)) {
      StringBuilder order = new StringBuilder();
      team.runInPhases(new WorkerTeam.Task[] {
          (part, parts) -> order.append("a").append(part).append(parts),
          (part, parts) -> order.append("b").append(part).append(parts)});
      assertEquals("a01b01", order.toString());
      assertThrows(IllegalArgumentException.class, () -> team.runInPhases(new WorkerTeam.Task[0]));
    }
  }

  @Test
  void aPartFailingInAPhaseReleasesThePartsAtItsBarrier() {
    for (int threads : new int[] {2, 3}) {
      // Were the waiting parts not released, they would spin forever at the barrier.
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
        try (WorkerTeam team = WorkerTeam.of(threads)) {
          for (int round = 0; round < 20; round++) {
            int failing = round % threads;
            RuntimeException failure = new UnsupportedOperationException("part " + failing + " failed");
            AtomicIntegerArray secondPhase = new AtomicIntegerArray(threads);
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> team.runInPhases(
                new WorkerTeam.Task[] {
                    (part, parts) -> {
                      if (part == failing) {
                        LockSupport.parkNanos(1_000_000); // the others are at the barrier by now
                        throw failure;
                      }
                    },
                    (part, parts) -> secondPhase.incrementAndGet(part)}));
            assertSame(failure, thrown);
            assertEquals("[" + "0, ".repeat(threads - 1) + "0]", secondPhase.toString(),
                "a part passed the barrier of a failed phase");
          }
          int[] ran = new int[threads];
          team.runInPhases(new WorkerTeam.Task[] {(part, parts) -> ran[part]++, (part, parts) -> ran[part]++});
          for (int q = 0; q < threads; q++) {
            assertEquals(2, ran[q], "part " + q + " after the failures");
          }
        }
      }, threads + " threads");
    }
  }

  /**
   * Runs {@code tasks} pipelined tasks on {@code team}: part 0 writes unit u of task t as t * 1000 + u,
   * and each later part, once its predecessor has finished unit u, adds one to it. A part that read its
   * predecessor's unit before it was written (no wait, or a wait satisfied by another task's mark) would
   * find the previous task's value. Returns whether a helper ran any part.
   */
  private static boolean runPipelinedTasks(WorkerTeam team, int tasks) {
    int threads = team.threads();
    int[][] outputs = new int[threads][UNITS];
    Thread caller = Thread.currentThread();
    AtomicBoolean helperRan = new AtomicBoolean();
    for (int t = 1; t <= tasks; t++) {
      int task = t;
      team.run((part, parts) -> {
        if (Thread.currentThread() != caller) {
          helperRan.set(true);
        }
        for (int u = 0; u < UNITS; u++) {
          if (part == 0) {
            for (int k = 0; k < 100; k++) {
              Thread.onSpinWait(); // a little work per unit, so that later parts catch up and wait
            }
            outputs[0][u] = task * 1000 + u;
          } else {
            team.awaitUnits(part - 1, u + 1);
            int unit = u;
            assertEquals(task * 1000 + u + part - 1, outputs[part - 1][u],
                () -> "part " + part + " of task " + task + " read unit " + unit + " before it was written");
            outputs[part][u] = outputs[part - 1][u] + 1;
          }
          team.finishedUnits(part, u + 1);
        }
      });
      for (int u = 0; u < UNITS; u++) {
        assertEquals(task * 1000 + u + threads - 1, outputs[threads - 1][u], "task " + task + ", unit " + u);
      }
    }
    return helperRan.get();
  }
}
