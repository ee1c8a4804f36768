package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.io.Checkpoint;
import dev.nnc.runtime.io.CheckpointException;
import dev.nnc.runtime.optim.Adam;
import dev.nnc.runtime.optim.Optimizer;
import dev.nnc.runtime.optim.Sgd;
import dev.nnc.runtime.testing.LogisticRegressionNetwork;
import dev.nnc.runtime.train.schedule.CosineAnnealingLR;
import dev.nnc.runtime.train.schedule.LearningRateSchedule;
import dev.nnc.runtime.train.schedule.ReduceLROnPlateau;
import dev.nnc.runtime.train.schedule.StepLR;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: an interrupted run resumed from its last checkpoint must end bit-identical. */
class ResumeTest {

  @TempDir
  Path directory;

  private final Dataset train = FitTest.noisy(45, 11);
  private final Dataset validation = FitTest.noisy(20, 12);

  /** Dropout and running statistics, so the per-batch seeds and the state matter too. */
  private static LogisticRegressionNetwork network() {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 8).withInputDropout(0.3)
        .withRunningMean();
    Initializer.initialize(net, 4);
    return net;
  }

  /** Fresh stateful parts for each run: the same settings, as a rerun of the same command has. */
  private TrainingConfig config(int epochs, Path checkpoint, Supplier<Optimizer> optimizer,
      Supplier<LearningRateSchedule> schedule) {
    return TrainingConfig.of(epochs, 8, true, 2024, optimizer.get())
        .withRegularization(new Regularization(1e-3, 1e-2))
        .withClipNorm(0.5)
        .withSchedule(schedule.get())
        .withEarlyStopping(new EarlyStopping(Monitor.VAL_LOSS, 10))
        .withValidation(validation)
        .withCheckpoint(checkpoint);
  }

  /** Thrown by a listener to cut a run short, as a crash or Ctrl-C would. */
  private static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private static TrainingListener interruptAfter(int epoch) {
    return new TrainingListener() {
      @Override
      public void onEpochEnd(EpochResult result) {
        if (result.epoch() == epoch) {
          throw new Interrupted();
        }
      }
    };
  }

  private void checkResumeIsBitIdentical(Supplier<Optimizer> optimizer,
      Supplier<LearningRateSchedule> schedule) {
    LogisticRegressionNetwork straight = network();
    TrainingHistory straightHistory = Trainer.fit(straight, train,
        config(6, directory.resolve("straight.nnck"), optimizer, schedule), TrainingListener.NONE);

    // 6 epochs planned, interrupted after the checkpoint of epoch 3, then resumed in a new process
    Path checkpoint = directory.resolve("interrupted.nnck");
    assertThrows(Interrupted.class, () -> Trainer.fit(network(), train,
        config(6, checkpoint, optimizer, schedule), interruptAfter(3)));
    assertEquals(3, Checkpoint.load(checkpoint, "c").epoch());
    LogisticRegressionNetwork resumed = new LogisticRegressionNetwork(2, 8).withInputDropout(0.3)
        .withRunningMean(); // not even initialized: everything comes from the checkpoint
    TrainingHistory resumedHistory = Trainer.fit(resumed, train,
        config(6, checkpoint, optimizer, schedule), TrainingListener.NONE, checkpoint);

    assertArrayEquals(bits(straight.parameters()), bits(resumed.parameters()));
    assertArrayEquals(bits(straight.state()), bits(resumed.state()));
    assertEquals(6, resumedHistory.epochs());
    assertArrayEquals(straightHistory.losses(), resumedHistory.losses(), 0f);
    assertArrayEquals(straightHistory.validationLosses(), resumedHistory.validationLosses(), 0f);
    assertEquals(straightHistory.restoredEpoch(), resumedHistory.restoredEpoch());
    Checkpoint a = Checkpoint.load(directory.resolve("straight.nnck"), "a");
    Checkpoint b = Checkpoint.load(checkpoint, "b");
    assertEquals(a.optimizer(), b.optimizer());
    assertEquals(a.schedule(), b.schedule());
    assertEquals(a.earlyStopping(), b.earlyStopping());
    assertArrayEquals(bits(a.parameters()), bits(b.parameters()));
  }

  @Test
  void adamWithCosineAnnealing() {
    checkResumeIsBitIdentical(() -> new Adam(0.05), () -> new CosineAnnealingLR(6, 0.001));
  }

  @Test
  void sgdWithMomentumAndAPlateauSchedule() {
    checkResumeIsBitIdentical(() -> new Sgd(0.5, 0.9, 0, 1e-4, true),
        () -> new ReduceLROnPlateau(Monitor.VAL_LOSS, Mode.MIN, 0.5, 0, 1e-4,
            ReduceLROnPlateau.ThresholdMode.REL, 0, 0));
  }

  @Test
  void aFinishedShortRunExtendedToMoreEpochs() {
    // 3 epochs, then the same run asked for 6 and resumed: the same as 6 at once
    Supplier<Optimizer> optimizer = () -> new Sgd(0.3, 0.8, 0.1, 0, false);
    Supplier<LearningRateSchedule> schedule = () -> new StepLR(2, 0.5);
    LogisticRegressionNetwork straight = network();
    Trainer.fit(straight, train, config(6, directory.resolve("a.nnck"), optimizer, schedule),
        TrainingListener.NONE);
    Path checkpoint = directory.resolve("b.nnck");
    Trainer.fit(network(), train, config(3, checkpoint, optimizer, schedule), TrainingListener.NONE);
    LogisticRegressionNetwork resumed = network();
    Trainer.fit(resumed, train, config(6, checkpoint, optimizer, schedule), TrainingListener.NONE,
        checkpoint);
    assertArrayEquals(bits(straight.parameters()), bits(resumed.parameters()));
    assertArrayEquals(bits(straight.state()), bits(resumed.state()));
  }

  @Test
  void resumingAStoppedRunOnlyRestoresTheBestWeights() {
    Path checkpoint = directory.resolve("stopped.nnck");
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 8);
    Initializer.initialize(net, 1);
    TrainingConfig config = TrainingConfig.of(100, 8, true, 3, new Sgd(50)).withValidation(validation)
        .withEarlyStopping(new EarlyStopping(Monitor.VAL_LOSS, 2)).withCheckpoint(checkpoint);
    TrainingHistory history = Trainer.fit(net, train, config, TrainingListener.NONE);
    assertTrue(history.stoppedEpoch() > 0);
    LogisticRegressionNetwork again = new LogisticRegressionNetwork(2, 8);
    TrainingHistory resumed = Trainer.fit(again, train,
        config.withOptimizer(new Sgd(50)).withEarlyStopping(new EarlyStopping(Monitor.VAL_LOSS, 2)),
        TrainingListener.NONE, checkpoint);
    assertEquals(history.epochs(), resumed.epochs());
    assertEquals(history.stoppedEpoch(), resumed.stoppedEpoch());
    assertArrayEquals(bits(net.parameters()), bits(again.parameters()));
  }

  @Test
  void aDivergingBatchStopsTrainingAndKeepsTheLastGoodCheckpoint() throws IOException {
    Path checkpoint = directory.resolve("good.nnck");
    LogisticRegressionNetwork net = network();
    byte[][] afterEpoch1 = new byte[1][];
    TrainingException error = assertThrows(TrainingException.class, () -> Trainer.fit(net, train,
        config(6, checkpoint, () -> new Adam(0.01), () -> new StepLR(3)), new TrainingListener() {
          @Override
          public void onEpochEnd(EpochResult result) {
            try {
              afterEpoch1[0] = Files.readAllBytes(checkpoint);
            } catch (IOException e) {
              throw new AssertionError(e);
            }
            net.poisonNextBackward(); // epoch 2's first gradient becomes NaN
          }
        }));
    assertEquals("training diverged: the gradient norm became NaN in epoch 2, batch 1 of 6; try a"
        + " smaller learning rate or scaling the features", error.getMessage());
    assertEquals(2, error.epoch());
    assertEquals(1, error.batch());
    assertArrayEquals(afterEpoch1[0], Files.readAllBytes(checkpoint), "the checkpoint is untouched");
    assertEquals(1, Checkpoint.load(checkpoint, "good.nnck").epoch());
    for (float p : net.parameters()) {
      assertTrue(Float.isFinite(p), "the diverging batch must not be applied");
    }
    assertFalse(Files.exists(directory.resolve("good.nnck.tmp")));
  }

  @Test
  void aNanLossNamesItsEpochAndBatch() {
    Dataset data = FitTest.noisy(12, 3);
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    Initializer.initialize(net, 0);
    Path checkpoint = directory.resolve("nan.nnck");
    TrainingException error = assertThrows(TrainingException.class, () -> Trainer.fit(net, data,
        TrainingConfig.of(5, 4, false, 0, new Sgd(0.1)).withCheckpoint(checkpoint),
        new TrainingListener() {
          @Override
          public void onEpochEnd(EpochResult result) {
            if (result.epoch() == 2) {
              data.features()[2 * 9] = Float.NaN; // row 9 is in batch 3 of 3
            }
          }
        }));
    assertEquals("training diverged: the loss became NaN in epoch 3, batch 3 of 3; try a smaller"
        + " learning rate or scaling the features", error.getMessage());
    assertEquals(2, Checkpoint.load(checkpoint, "nan.nnck").epoch());
  }

  @Test
  void aCheckpointOfAnotherSetupIsRefusedWithOneMessage() {
    Path checkpoint = directory.resolve("run.nnck");
    Trainer.fit(network(), train, config(2, checkpoint, () -> new Adam(0.01), () -> new StepLR(3)),
        TrainingListener.NONE);
    String name = checkpoint.toString();

    CheckpointException otherOptimizer = assertThrows(CheckpointException.class,
        () -> Trainer.fit(network(), train, config(4, null, () -> new Sgd(0.1), () -> new StepLR(3)),
            TrainingListener.NONE, checkpoint));
    assertEquals(name + ": error: the checkpoint was written by a run with the Adam optimizer but"
        + " this run uses SGD", otherOptimizer.getMessage());

    CheckpointException noSchedule = assertThrows(CheckpointException.class,
        () -> Trainer.fit(network(), train,
            config(4, null, () -> new Adam(0.01), () -> new StepLR(3)).withSchedule(null),
            TrainingListener.NONE, checkpoint));
    assertEquals(name + ": error: the checkpoint was written by a run with learning-rate schedule"
        + " StepLR but this run has no learning-rate schedule", noSchedule.getMessage());

    CheckpointException otherModel = assertThrows(CheckpointException.class,
        () -> Trainer.fit(new LogisticRegressionNetwork(2, 8), train,
            config(4, null, () -> new Adam(0.01), () -> new StepLR(3)), TrainingListener.NONE,
            checkpoint));
    assertEquals(name + ": error: the checkpoint was written for model 'logistic' (input[2]"
        + " dropout[0.3] running_mean dense[1]sigmoid) but this model is 'logistic' (input[2]"
        + " dense[1]sigmoid)", otherModel.getMessage());
  }

  @Test
  void aPathHoldingSomethingElseIsNeverOverwritten() throws IOException {
    Path data = directory.resolve("data.csv");
    Files.writeString(data, "a,b\n1,2\n");
    CheckpointException error = assertThrows(CheckpointException.class,
        () -> Trainer.fit(network(), train, config(1, data, () -> new Adam(), () -> new StepLR(3)),
            TrainingListener.NONE));
    assertEquals(data + ": error: refusing to overwrite a file that is not an nnc checkpoint; choose"
        + " another checkpoint path", error.getMessage());
    assertEquals("a,b\n1,2\n", Files.readString(data));
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
