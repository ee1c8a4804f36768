package dev.nnc.runtime.train;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.parallel.WorkerTeam;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Trains on the calling thread alone until the JIT has compiled the kernels, then lets the network's
 * worker team share the work again.
 *
 * <p>The first steps of a run execute the generated kernels in the interpreter and C1, where Vector API
 * code is about a hundred times slower than C2's, until C2 has compiled each of them, which takes it a
 * few seconds of CPU on a thread of its own. A team with a thread on every core keeps all of them busy
 * with those slow steps and leaves C2 a share of one: on two cores, W3's first epoch took 4.4-6.8 s on
 * two threads and 3.0 s on one, against 0.5-0.9 s for later epochs (bench/RESULTS.md). So the team
 * starts {@linkplain WorkerTeam#setSolo solo}: the calling thread runs every part of the team's tasks,
 * which are the kernels the team will run later, so they are the ones compiled, while the helpers
 * sleep. Once compile activity has stopped, the helpers join in.
 *
 * <p>Nothing but time changes: a task computes the same bits whichever thread runs which part, and so
 * the results do not show which steps ran solo. Where the machine has a core to spare beside the team,
 * or the JVM does not report compilation time, the team shares the work from the first step.
 */
final class OneThreadWarmUp {

  /** No compilation for this long means the JIT has settled on the kernels of a step. */
  private static final long QUIET_NANOS = 200_000_000L;

  /** Steps before the team can take over: every kernel of a step has run, and the JIT has seen it. */
  private static final int MIN_STEPS = 20;

  private final CompilationMXBean jit;
  private final LongSupplier nanoTime;
  /** The team running solo, or null once its helpers share the work (or there is none). */
  private WorkerTeam team;
  private long compileMillis = -1;
  private long quietSince;
  private int steps;

  private OneThreadWarmUp(WorkerTeam team, CompilationMXBean jit, LongSupplier nanoTime) {
    this.team = team;
    this.jit = jit;
    this.nanoTime = nanoTime;
    if (team != null) {
      team.setSolo(true);
    }
  }

  /** Starts the warm-up: the network's team runs solo where its helpers would take the JIT's cores. */
  static OneThreadWarmUp start(Network net) {
    return start(net, Runtime.getRuntime().availableProcessors(), ManagementFactory.getCompilationMXBean(),
        System::nanoTime);
  }

  /**
   * {@link #start(Network)} on a machine of {@code processors} cores, with that JIT (null: none) and
   * that clock.
   */
  static OneThreadWarmUp start(Network net, int processors, CompilationMXBean jit, LongSupplier nanoTime) {
    WorkerTeam team = net.workers();
    boolean solo = team != null && team.threads() > 1 && processors <= team.threads()
        && jit != null && jit.isCompilationTimeMonitoringSupported();
    return new OneThreadWarmUp(solo ? team : null, jit, nanoTime);
  }

  /** True while the team runs solo. */
  boolean warmingUp() {
    return team != null;
  }

  /** Call after each training step: ends the solo once the JIT has been quiet long enough. */
  void afterStep() {
    if (team == null) {
      return;
    }
    steps++;
    long now = nanoTime.getAsLong();
    long millis = jit.getTotalCompilationTime();
    if (millis != compileMillis) {
      compileMillis = millis;
      quietSince = now;
    } else if (steps >= MIN_STEPS && now - quietSince >= QUIET_NANOS) {
      finish();
    }
  }

  /** Ends the solo now, warm or not (at the end of the first epoch, or of the run). */
  void finish() {
    if (team != null) {
      team.setSolo(false);
      team = null;
    }
  }
}
