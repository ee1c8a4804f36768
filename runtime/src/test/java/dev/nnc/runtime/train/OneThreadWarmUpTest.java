package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.optim.Sgd;
import dev.nnc.runtime.parallel.WorkerTeam;
import dev.nnc.runtime.testing.LogisticRegressionNetwork;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** {@link OneThreadWarmUp}: when the team runs solo and when the solo ends. */
class OneThreadWarmUpTest {

  /** A JIT whose total compilation time the test sets. */
  private static final class Jit implements CompilationMXBean {
    long millis;
    boolean supported = true;

    @Override
    public String getName() {
      return "test JIT";
    }

    @Override
    public boolean isCompilationTimeMonitoringSupported() {
      return supported;
    }

    @Override
    public long getTotalCompilationTime() {
      return millis;
    }

    @Override
    public ObjectName getObjectName() {
      return null;
    }
  }

  /** A clock the test moves. */
  private static final class Clock implements java.util.function.LongSupplier {
    long nanos = 1_000_000_000L;

    void advanceMillis(long millis) {
      nanos += millis * 1_000_000L;
    }

    @Override
    public long getAsLong() {
      return nanos;
    }
  }

  private static LogisticRegressionNetwork networkWith(WorkerTeam team) {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 8);
    net.setWorkers(team);
    return net;
  }

  @Test
  void theTeamRunsSoloUntilTheJitHasBeenQuiet() {
    try (WorkerTeam team = WorkerTeam.of(2)) {
      LogisticRegressionNetwork net = networkWith(team);
      Jit jit = new Jit();
      Clock clock = new Clock();
      OneThreadWarmUp warmUp = OneThreadWarmUp.start(net, 2, jit, clock);
      assertTrue(warmUp.warmingUp());
      assertTrue(team.solo());
      assertSame(team, net.workers(), "the network keeps its team, and so its parallel kernels");
      for (int step = 0; step < 100; step++) {
        jit.millis++; // still compiling
        clock.advanceMillis(300);
        warmUp.afterStep();
      }
      assertTrue(team.solo(), "the solo ended while the JIT was still compiling");
      clock.advanceMillis(199);
      warmUp.afterStep();
      assertTrue(team.solo(), "the solo ended 199 ms after the last compilation");
      clock.advanceMillis(1);
      warmUp.afterStep();
      assertFalse(team.solo(), "the solo went on 200 ms after the last compilation");
      assertFalse(warmUp.warmingUp());
    }
  }

  @Test
  void aQuietJitDoesNotEndTheSoloBeforeEveryKernelHasRun() {
    try (WorkerTeam team = WorkerTeam.of(2)) {
      Clock clock = new Clock();
      OneThreadWarmUp warmUp = OneThreadWarmUp.start(networkWith(team), 2, new Jit(), clock);
      for (int step = 1; step < 20; step++) {
        clock.advanceMillis(1000);
        warmUp.afterStep();
      }
      assertTrue(team.solo(), "the solo ended after 19 steps");
      warmUp.afterStep();
      assertFalse(team.solo(), "the solo went on after 20 quiet steps");
      warmUp = OneThreadWarmUp.start(networkWith(team), 2, new Jit(), clock);
      assertTrue(team.solo());
      warmUp.finish();
      assertFalse(team.solo());
      warmUp.finish(); // twice is harmless
      assertFalse(team.solo());
    }
  }

  @Test
  void noSoloWhereACoreIsSpareOrTheJitIsSilent() {
    try (WorkerTeam team = WorkerTeam.of(2)) {
      Clock clock = new Clock();
      assertFalse(OneThreadWarmUp.start(networkWith(team), 4, new Jit(), clock).warmingUp());
      assertFalse(OneThreadWarmUp.start(networkWith(team), 2, null, clock).warmingUp());
      Jit silent = new Jit();
      silent.supported = false;
      assertFalse(OneThreadWarmUp.start(networkWith(team), 2, silent, clock).warmingUp());
      assertFalse(team.solo());
    }
    assertFalse(OneThreadWarmUp.start(networkWith(null), 1, new Jit(), new Clock()).warmingUp());
    try (WorkerTeam one = WorkerTeam.of(1)) {
      assertFalse(OneThreadWarmUp.start(networkWith(one), 1, new Jit(), new Clock()).warmingUp());
    }
  }

  @Test
  void fitEndsTheSoloAtTheLatestAfterTheFirstEpoch() {
    try (WorkerTeam team = WorkerTeam.of(2)) {
      LogisticRegressionNetwork net = networkWith(team);
      team.setSolo(true); // as a warm-up that has not ended would leave it
      Trainer.fit(net, FitTest.noisy(64, 3), TrainingConfig.of(1, 8, true, 5, new Sgd(0.1)),
          TrainingListener.NONE);
      assertFalse(team.solo(), "fit left the team solo");
      assertSame(team, net.workers());
    }
    // the warm-up needs the JIT's compilation time, which the JVMs nnc supports report
    assertTrue(ManagementFactory.getCompilationMXBean().isCompilationTimeMonitoringSupported());
  }
}
