package dev.nnc.runtime.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that runs one task at a time, split into as many parts as the team has
 * threads: the calling thread runs part 0, and the other parts go to whichever thread claims them
 * first, a helper or the caller once its own part is done.
 *
 * <p>Generated networks hand it work from a few microseconds to a few hundred long, many times a
 * second, so helpers spin for a while after each part before they park: waking a parked thread costs
 * tens of microseconds, more than some parts take (an executor service scaled poorly on these products
 * for that reason). The caller never waits for a helper to wake up: a part nobody has claimed when the
 * caller finishes its own, it runs itself. A task gives each part its own outputs, so it computes the
 * same bits whichever thread runs which part, with any number of threads.
 *
 * <p>A task's parts may also form a pipeline, part p working on what part p - 1 has finished: part p
 * announces its progress with {@link #finishedUnits} and waits for its predecessor's with
 * {@link #awaitUnits}. That cannot deadlock: parts are claimed in increasing order and the caller runs
 * part 0 first, so every part waited for has a thread running it.
 *
 * <p>A task may instead come in phases ({@link #runInPhases}), every part of phase k + 1 reading what
 * all parts wrote in phase k: one hand-off for work that would otherwise take a task per phase. The
 * thread that first reaches the end of phase 0 takes every part nobody has claimed yet, so no part
 * waits for a helper that never comes.
 *
 * <p>One task runs at a time; a second caller waits for the first. Helpers are daemon threads, so an
 * unclosed team does not keep the JVM alive.
 */
public final class WorkerTeam implements AutoCloseable {

  /** One part of a task: the work of part {@code part} of {@code parts}. */
  @FunctionalInterface
  public interface Task {
    void run(int part, int parts);
  }

  /** How long a helper spins for the next task before it parks. */
  private static final long SPIN_NANOS = 200_000;

  /** How long {@link #awaitUnits} spins before it starts to yield its core. */
  private static final long YIELD_AFTER_NANOS = 50_000;

  /** Progress marks sit this many longs apart: two cache lines, so parts never write the same pair. */
  private static final int PROGRESS_STRIDE = 16;

  private final Helper[] helpers;
  /** The task's generation (its low 32 bits) in the high half and the next unclaimed part in the low. */
  private final AtomicLong claims = new AtomicLong();
  /** Parts other than 0 finished in the current task, by whichever thread. */
  private final AtomicInteger finished = new AtomicInteger();
  private final Object lock = new Object();
  /** The current task's phases; a task of one phase for {@link #run}. */
  private volatile Task[] phases;
  /** {@link #run}'s task as one phase, reused under {@link #lock}. */
  private final Task[] onePhase = new Task[1];
  private volatile long generation;
  private volatile boolean closed;
  /** True while the caller runs every part itself and the helpers sleep (see {@link #setSolo}). */
  private volatile boolean solo;
  /** The first exception of the current task's parts (the caller's own part 0 included). */
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  /** Per part: the task generation (low 32 bits) in the high half, units finished in the low. */
  private final AtomicLongArray progress;
  private long tasksSplit;

  private WorkerTeam(int threads, boolean startHelpers) {
    helpers = new Helper[threads - 1];
    progress = new AtomicLongArray(threads * PROGRESS_STRIDE);
    for (int i = 0; i < helpers.length; i++) {
      helpers[i] = new Helper(i + 1);
      if (startHelpers) {
        helpers[i].thread.start();
      }
    }
  }

  /** A team of {@code threads} threads in all: the caller and {@code threads - 1} helpers. */
  public static WorkerTeam of(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("a team needs at least one thread: " + threads);
    }
    return new WorkerTeam(threads, true);
  }

  /** A team whose helpers never start, for tests: the caller must run every part itself. */
  static WorkerTeam withStalledHelpers(int threads) {
    return new WorkerTeam(threads, false);
  }

  /**
   * While solo, the caller runs every part of every task itself, one after another, and the helpers
   * sleep instead of spinning, so their cores are free for other work (the JIT compiler's, while the
   * first steps of a run still execute slow code). The parts are the same, so the results are the same
   * bits; only the time changes. Call between tasks, from the thread that runs them.
   */
  public void setSolo(boolean solo) {
    synchronized (lock) {
      this.solo = solo;
      if (!solo) {
        wakeHelpers();
      }
    }
  }

  /** True while the team is {@linkplain #setSolo solo}. */
  public boolean solo() {
    return solo;
  }

  /** How many tasks this team has split between its threads so far. */
  public long tasksSplit() {
    synchronized (lock) {
      return tasksSplit;
    }
  }

  /** The number of parts every task is split into. */
  public int threads() {
    return helpers.length + 1;
  }

  /**
   * Runs {@code task} on every thread of the team, part 0 on the caller, and returns when all parts
   * are done. An exception thrown by any part is rethrown here.
   */
  public void run(Task task) {
    if (helpers.length == 0) {
      task.run(0, 1);
      return;
    }
    synchronized (lock) {
      onePhase[0] = task;
      try {
        split(onePhase);
      } finally {
        onePhase[0] = null;
      }
    }
  }

  /**
   * Runs a task of several phases on every thread of the team, in one hand-off: each part runs
   * {@code phases[0]}, and once every part has finished phase k, each runs phase k + 1, which may read
   * anything the parts wrote in phase k. A thread keeps its parts through all phases. The parts must
   * not use {@link #finishedUnits}: the phases' barriers use the same marks.
   *
   * @throws IllegalArgumentException if there are no phases
   */
  public void runInPhases(Task[] phases) {
    if (phases.length == 0) {
      throw new IllegalArgumentException("a task needs at least one phase");
    }
    if (helpers.length == 0) {
      for (Task phase : phases) {
        phase.run(0, 1);
      }
      return;
    }
    synchronized (lock) {
      split(phases);
    }
  }

  /** Hands {@code phases} to the helpers, runs part 0 and any unclaimed parts, and waits for the rest. */
  private void split(Task[] phases) {
    if (closed) {
      throw new IllegalStateException("the worker team is closed");
    }
    failure.set(null);
    tasksSplit++;
    finished.set(0);
    this.phases = phases;
    long current = generation + 1;
    claims.set(current << 32 | 1);
    generation = current;
    if (!solo) {
      for (Helper helper : helpers) {
        if (helper.parked) {
          LockSupport.unpark(helper.thread);
        }
      }
    }
    runPart(0, current);
    runClaimedParts(current);
    while (finished.get() != helpers.length) {
      Thread.onSpinWait();
    }
    this.phases = null;
    Throwable first = failure.get();
    if (first != null) {
      if (first instanceof RuntimeException e) {
        throw e;
      }
      if (first instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(first);
    }
  }

  /**
   * Claims and runs parts of task {@code current} until none is left. A thread that claims a part
   * holds the task open until it finishes it, so {@link #phases} stays this task's while it runs.
   */
  private void runClaimedParts(long current) {
    int parts = threads();
    while (true) {
      long claim = claims.get();
      int part = (int) claim;
      if ((int) (claim >>> 32) != (int) current || part >= parts) {
        return;
      }
      if (claims.compareAndSet(claim, claim + 1)) {
        runPart(part, current);
      }
    }
  }

  /**
   * Runs part {@code part} of task {@code current} through all its phases, with the parts this thread
   * takes over at the end of phase 0; records the first failure and counts every part but 0 finished.
   */
  private void runPart(int part, long current) {
    Task[] phases = this.phases;
    int parts = threads();
    int takenFrom = parts; // this thread also runs parts takenFrom to parts - 1
    try {
      for (int k = 0; k < phases.length; k++) {
        phases[k].run(part, parts);
        for (int q = takenFrom; q < parts; q++) {
          phases[k].run(q, parts);
        }
        if (k + 1 == phases.length) {
          break;
        }
        if (k == 0) {
          takenFrom = takeUnclaimedParts(current, parts);
          for (int q = takenFrom; q < parts; q++) {
            phases[0].run(q, parts);
          }
        }
        finishedUnits(part, k + 1);
        for (int q = takenFrom; q < parts; q++) {
          finishedUnits(q, k + 1);
        }
        for (int q = 0; q < parts; q++) {
          awaitUnits(q, k + 1);
        }
      }
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    } finally {
      finished.addAndGet((part == 0 ? 0 : 1) + parts - takenFrom);
    }
  }

  /**
   * Claims every part of task {@code current} nobody has claimed yet and returns the first of them
   * ({@code parts} if there were none). Once a thread has finished phase 0, a part still unclaimed
   * has no thread that will run it before this one's barrier, so this thread runs it.
   */
  private int takeUnclaimedParts(long current, int parts) {
    while (true) {
      long claim = claims.get();
      int next = (int) claim;
      if ((int) (claim >>> 32) != (int) current || next >= parts) {
        return parts;
      }
      if (claims.compareAndSet(claim, current << 32 | parts)) {
        return next;
      }
    }
  }

  /**
   * Within a task: records that part {@code part} has finished its first {@code units} units of work,
   * everything it wrote for them visible to a part that {@link #awaitUnits waits} for them.
   */
  public void finishedUnits(int part, int units) {
    progress.setRelease(part * PROGRESS_STRIDE, (long) (int) generation << 32 | units);
  }

  /**
   * Within a task: waits until part {@code part} has finished its first {@code units} units of work in
   * this task (see {@link #finishedUnits}). It spins, as a unit of a pipelined pass takes microseconds;
   * after {@link #YIELD_AFTER_NANOS} it also yields between looks, so that on a machine with more
   * runnable threads than cores the thread it waits for can have this one's core.
   *
   * @throws IllegalStateException if another part of the task failed, so {@code part} may never finish
   */
  public void awaitUnits(int part, int units) {
    int current = (int) generation;
    long yieldFrom = Long.MAX_VALUE;
    for (int spins = 0; ; spins++) {
      long mark = progress.getAcquire(part * PROGRESS_STRIDE);
      if ((int) (mark >>> 32) == current && (int) mark >= units) {
        return;
      }
      if (failure.get() != null) {
        throw new IllegalStateException("part " + part + " of the task failed");
      }
      if (spins == 256) {
        // The clock is read only once a wait has lasted a few microseconds.
        yieldFrom = System.nanoTime() + YIELD_AFTER_NANOS;
      }
      if (spins > 256 && System.nanoTime() - yieldFrom > 0) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
  }

  /**
   * Where part {@code part} of {@code parts} starts when {@code n} rows are split as evenly as possible
   * in whole blocks of {@code block} rows (tiles stay whole); part {@code parts} gives {@code n}.
   */
  public static int start(int n, int part, int parts, int block) {
    if (part >= parts) {
      return n;
    }
    int blocks = (n + block - 1) / block;
    return Math.min(n, (int) ((long) blocks * part / parts) * block);
  }

  /** Stops the helper threads; the team cannot run tasks afterwards. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      generation++;
      wakeHelpers();
    }
  }

  /** Unparks every helper, parked or not (a spare permit only cuts one later park short). */
  private void wakeHelpers() {
    for (Helper helper : helpers) {
      LockSupport.unpark(helper.thread);
    }
  }

  private final class Helper implements Runnable {
    final Thread thread;
    volatile boolean parked;

    Helper(int number) {
      this.thread = new Thread(this, "nnc-worker-" + number);
      thread.setDaemon(true);
    }

    /** Parks until the team stops being solo (setSolo unparks every helper) or closes. */
    private void sleepWhileSolo() {
      parked = true;
      while (solo && !closed) {
        LockSupport.park(this);
      }
      parked = false;
    }

    @Override
    public void run() {
      // Generation 0 is the team's start: a helper thread that starts late must still take task 1.
      long seen = 0;
      while (true) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        int spins = 0;
        while (generation == seen) {
          if (++spins % 256 != 0 || System.nanoTime() < spinUntil) {
            Thread.onSpinWait();
          } else {
            // Dekker-style handshake with run(): publish "parked", then look again before parking.
            parked = true;
            if (generation == seen) {
              LockSupport.park(this);
            }
            parked = false;
          }
        }
        seen = generation;
        if (closed) {
          return;
        }
        if (solo) {
          sleepWhileSolo();
          continue;
        }
        runClaimedParts(seen);
      }
    }
  }
}
