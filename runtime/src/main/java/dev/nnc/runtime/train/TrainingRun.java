package dev.nnc.runtime.train;

import dev.nnc.runtime.Loss;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.data.Batches;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.io.Checkpoint;
import dev.nnc.runtime.io.CheckpointException;
import dev.nnc.runtime.optim.Optimizer;
import dev.nnc.runtime.parallel.ParameterSplit;
import dev.nnc.runtime.train.schedule.LearningRateSchedule;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One call of {@link Trainer#fit(Network, Dataset, TrainingConfig, TrainingListener, Path)}: checks the
 * configuration against the network and data, optionally resumes from a checkpoint, and runs the
 * epochs.
 *
 * <p>Per batch: reseed, forward, loss, backward, regularization, clipping, optimizer step. Per epoch:
 * validation, schedule, early stopping, checkpoint, report.
 */
final class TrainingRun {

  private final Network net;
  private final Dataset train;
  private final TrainingConfig config;
  private final TrainingListener listener;
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final EarlyStopping earlyStopping;
  private final Regularization regularization;
  private final Loss loss;
  private final Batches batches;
  private final GradientNorm gradientNorm;
  private TrainingHistory history = new TrainingHistory();
  private int firstEpoch = 1;

  TrainingRun(Network net, Dataset train, TrainingConfig config, TrainingListener listener) {
    this.net = net;
    this.train = train;
    this.config = config;
    this.listener = listener;
    this.optimizer = config.optimizer();
    this.schedule = config.schedule();
    this.earlyStopping = config.earlyStopping();
    this.regularization = config.regularization();
    this.loss = net.loss();
    // Clipping scales by the norm, so it takes the sum in double, the same bits with every kernel flavour;
    // without it only whether the norm is finite counts, and the network's vectors answer that fastest.
    this.gradientNorm = config.clipNorm() > 0 ? new GradientNorm() : new GradientNorm(net::sumOfSquares);
    checkBatchSize(net, config.batchSize());
    Trainer.checkShapes(net, train, true);
    if (train.rows() == 0) {
      throw new IllegalArgumentException("cannot train on a dataset without rows");
    }
    if (config.validation() != null) {
      Trainer.checkShapes(net, config.validation(), true);
      if (config.validation().rows() == 0) {
        throw new IllegalArgumentException("the validation set has no rows");
      }
    }
    if (earlyStopping != null) {
      checkMonitor("early stopping", earlyStopping.monitor());
    }
    if (schedule != null) {
      Optional<Monitor> monitor = schedule.monitor();
      if (monitor.isPresent()) {
        checkMonitor(schedule.state().schedule(), monitor.get());
      }
    }
    if (config.checkpoint() != null) {
      Checkpoint.checkReplaceable(config.checkpoint());
    }
    this.batches = new Batches(train, config.batchSize(), config.shuffle(), config.seed());
  }

  static void checkBatchSize(Network net, int batchSize) {
    if (batchSize < 1 || batchSize > net.maxBatch()) {
      throw new IllegalArgumentException("batch size " + batchSize + " is outside 1.." + net.maxBatch()
          + ", the batches model '" + net.modelName() + "' was compiled for");
    }
  }

  private void checkMonitor(String who, Monitor monitor) {
    if (monitor.needsValidation() && config.validation() == null) {
      throw new IllegalArgumentException(
          who + " monitors " + monitor.key() + ", which needs a validation set");
    }
    if (monitor == Monitor.VAL_ACCURACY && !Accuracy.measurable(net)) {
      throw new IllegalArgumentException(who + " monitors val_accuracy, but the " + loss.name()
          + " loss of model '" + net.modelName() + "' measures no accuracy");
    }
  }

  TrainingHistory run(Path resumeFrom) {
    if (schedule != null) {
      optimizer.setLearningRate(schedule.start(optimizer.learningRate()));
    }
    if (earlyStopping != null) {
      earlyStopping.start();
    }
    if (resumeFrom != null) {
      resume(resumeFrom);
    }
    listener.onTrainingStart(new TrainingPlan(firstEpoch, config.epochs(), train.rows(),
        batches.batchesPerEpoch(), config.validation() != null,
        config.validation() != null && Accuracy.measurable(net), history.results()));
    boolean stop = earlyStopping != null && earlyStopping.stopped();
    OneThreadWarmUp warmUp = OneThreadWarmUp.start(net);
    try {
      for (int epoch = firstEpoch; epoch <= config.epochs() && !stop; epoch++) {
        stop = runAndRecordEpoch(epoch, warmUp);
      }
    } finally {
      warmUp.finish();
    }
    if (earlyStopping != null) {
      history.stoppedEarlyAfter(earlyStopping.stoppedEpoch());
      int restored = earlyStopping.restoreBestInto(net);
      if (restored != 0 && restored != history.epochs()) {
        history.restoredWeightsOf(restored);
      }
    }
    listener.onTrainingEnd(history);
    return history;
  }

  /** Runs an epoch and what follows it: schedule, early stopping, checkpoint, report; true to stop. */
  private boolean runAndRecordEpoch(int epoch, OneThreadWarmUp warmUp) {
    EpochResult result = runEpoch(epoch, warmUp);
    history.record(result);
    if (schedule != null) {
      optimizer.setLearningRate(schedule.step(result.learningRate(), result));
    }
    boolean stop = false;
    if (earlyStopping != null) {
      stop = earlyStopping.update(epoch, earlyStopping.monitor().valueIn(result), net);
    }
    if (config.checkpoint() != null) {
      Checkpoint.save(config.checkpoint(), checkpoint(epoch));
    }
    listener.onEpochEnd(result);
    return stop;
  }

  private EpochResult runEpoch(int epoch, OneThreadWarmUp warmUp) {
    long startNanos = System.nanoTime();
    double learningRate = optimizer.learningRate();
    listener.onEpochStart(epoch, learningRate);
    net.setTraining(true);
    batches.startEpoch();
    int outputSize = net.outputSize();
    float[] parameters = net.parameters();
    float[] gradients = net.gradients();
    ParameterSplit split = net.parameterSplit();
    double lossSum = 0;
    double penaltySum = 0;
    int samples = 0;
    boolean classifies = Accuracy.measurable(net);
    long correct = 0;
    while (batches.next(net.workers())) {
      int n = batches.size();
      int batch = batches.index() + 1;
      net.reseed(BatchSeed.of(config.seed(), epoch, batch));
      net.forward(batches.x(), n);
      float batchLoss = loss.lossAndGradient(net.lossInput(), batches.y(), n, outputSize,
          net.lossGradient());
      if (!Float.isFinite(batchLoss)) {
        throw diverged("loss", batchLoss, epoch, batch);
      }
      if (classifies) {
        correct += Accuracy.correct(net, batches.y(), n);
      }
      net.backward(batches.x(), n);
      if (regularization != null) {
        penaltySum += regularization.penalty(net) * n;
        regularization.addGradients(net);
      }
      double norm = gradientNorm.of(gradients, net.workers());
      if (!Double.isFinite(norm)) {
        throw diverged("gradient norm", norm, epoch, batch);
      }
      if (config.clipNorm() > 0) {
        GradientClipping.clip(gradients, config.clipNorm(), norm);
      }
      optimizer.step(parameters, gradients, net.workers(), split);
      lossSum += (double) batchLoss * n;
      samples += n;
      listener.onBatchEnd(batch, samples, (float) (lossSum / samples));
      warmUp.afterStep();
    }
    // Validation and every later epoch get the team, however the warm-up went.
    warmUp.finish();
    EvaluationResult validation = config.validation() == null
        ? new EvaluationResult(Float.NaN, Float.NaN)
        : Trainer.evaluate(net, config.validation());
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    float trainAccuracy = classifies
        ? (float) ((double) correct / ((long) samples * Accuracy.decisionsPerSample(net)))
        : Float.NaN;
    return new EpochResult(epoch, (float) (lossSum / samples), (float) (penaltySum / samples),
        trainAccuracy, validation.loss(), validation.accuracy(), learningRate, seconds);
  }

  private TrainingException diverged(String what, double value, int epoch, int batch) {
    String became = Double.isNaN(value) ? "NaN" : "infinite";
    return new TrainingException(epoch, batch, "training diverged: the " + what + " became " + became
        + " in epoch " + epoch + ", batch " + batch + " of " + batches.batchesPerEpoch()
        + "; try a smaller learning rate or scaling the features");
  }

  private Checkpoint checkpoint(int epoch) {
    return new Checkpoint(net.modelName(), net.signature(), net.fingerprint(), epoch,
        net.parameters().clone(), net.state().clone(), optimizer.state(),
        schedule == null ? null : schedule.state(),
        earlyStopping == null ? null : earlyStopping.state(), history.results());
  }

  /** Puts the network, optimizer, schedule and early stopping where the checkpoint left them. */
  private void resume(Path file) {
    String name = file.toString();
    Checkpoint saved = Checkpoint.load(file, name);
    saved.checkCompatible(net, name);
    String savedOptimizer = saved.optimizer().optimizer();
    String currentOptimizer = optimizer.state().optimizer();
    if (!savedOptimizer.equals(currentOptimizer)) {
      throw new CheckpointException(name, "the checkpoint was written by a run with the "
          + savedOptimizer + " optimizer but this run uses " + currentOptimizer);
    }
    checkSameKind(name, "learning-rate schedule",
        saved.schedule() == null ? null : saved.schedule().schedule(),
        schedule == null ? null : schedule.state().schedule());
    checkSameKind(name, "early stopping", saved.earlyStopping() == null ? null : "EarlyStopping",
        earlyStopping == null ? null : "EarlyStopping");
    try {
      optimizer.restore(saved.optimizer());
      if (schedule != null) {
        schedule.restore(saved.schedule());
      }
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(name, "the checkpoint does not fit this run's settings: "
          + e.getMessage());
    }
    if (earlyStopping != null) {
      earlyStopping.restore(saved.earlyStopping());
    }
    System.arraycopy(saved.parameters(), 0, net.parameters(), 0, saved.parameters().length);
    System.arraycopy(saved.state(), 0, net.state(), 0, saved.state().length);
    history = new TrainingHistory(saved.history());
    firstEpoch = saved.epoch() + 1;
    // Replaying the completed epochs' shuffles puts the order generator where the run left it.
    for (int epoch = 1; epoch < firstEpoch; epoch++) {
      batches.startEpoch();
    }
  }

  private static void checkSameKind(String name, String what, String saved, String current) {
    if (saved == null && current == null || saved != null && saved.equals(current)) {
      return;
    }
    throw new CheckpointException(name, "the checkpoint was written by a run with "
        + (saved == null ? "no " + what : what + " " + saved) + " but this run has "
        + (current == null ? "no " + what : what + " " + current));
  }
}
