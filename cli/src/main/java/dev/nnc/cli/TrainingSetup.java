package dev.nnc.cli;

import dev.nnc.compiler.ir.EarlyStoppingSpec;
import dev.nnc.compiler.ir.OptimizerSpec;
import dev.nnc.compiler.ir.ScheduleSpec;
import dev.nnc.compiler.ir.TrainSpec;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.optim.Adam;
import dev.nnc.runtime.optim.AdamW;
import dev.nnc.runtime.optim.Optimizer;
import dev.nnc.runtime.optim.RmsProp;
import dev.nnc.runtime.optim.Sgd;
import dev.nnc.runtime.train.EarlyStopping;
import dev.nnc.runtime.train.Mode;
import dev.nnc.runtime.train.Monitor;
import dev.nnc.runtime.train.Regularization;
import dev.nnc.runtime.train.TrainingConfig;
import dev.nnc.runtime.train.schedule.CosineAnnealingLR;
import dev.nnc.runtime.train.schedule.ExponentialLR;
import dev.nnc.runtime.train.schedule.LearningRateSchedule;
import dev.nnc.runtime.train.schedule.ReduceLROnPlateau;
import dev.nnc.runtime.train.schedule.StepLR;
import java.nio.file.Path;

/** Turns the checked {@code train} section (with command-line overrides) into the runtime's configuration. */
final class TrainingSetup {

  private TrainingSetup() {}

  /**
   * {@code spec} with some hyperparameters replaced: train settings by name, optimizer parameters
   * ({@code lr}, {@code momentum}, ...) when the file's optimizer has them.
   *
   * @throws CliException naming the hyperparameter when it does not exist or its value cannot work
   */
  static TrainSpec withHyperparameters(TrainSpec spec, java.util.Map<String, Double> values) {
    int epochs = spec.epochs();
    int batch = spec.batchSize();
    long seed = spec.seed();
    boolean shuffle = spec.shuffle();
    double l1 = spec.l1();
    double l2 = spec.l2();
    double clipNorm = spec.clipNorm();
    double huberDelta = spec.huberDelta();
    EarlyStoppingSpec stopping = spec.earlyStopping();
    java.util.Map<String, Double> schedule = spec.schedule() == null ? null
        : new java.util.LinkedHashMap<>(spec.schedule().parameters());
    java.util.Map<String, Double> optimizer = new java.util.LinkedHashMap<>(spec.optimizer().parameters());
    for (java.util.Map.Entry<String, Double> e : values.entrySet()) {
      String name = e.getKey();
      double v = e.getValue();
      if (!(Double.isFinite(v))) {
        throw usage(name + " must be a finite number, got " + v);
      }
      if (v < 0) {
        throw usage(name + " cannot be negative, got " + v);
      }
      switch (name) {
        case "epochs" -> epochs = positiveInt(name, v);
        case "batch" -> batch = positiveInt(name, v);
        case "seed" -> seed = wholeNumber(name, v);
        case "shuffle" -> shuffle = flag(name, v);
        case "l1" -> l1 = v;
        case "l2" -> l2 = v;
        case "clip_norm" -> clipNorm = v;
        case "huber.delta" -> {
          if (spec.loss() != dev.nnc.compiler.ir.LossKind.HUBER || v == 0) {
            throw usage("huber.delta needs a huber loss and a positive value");
          }
          huberDelta = v;
        }
        case "early_stopping.patience", "early_stopping.min_delta" -> {
          if (stopping == null) {
            throw usage(name + ": the train section has no early_stopping");
          }
          stopping = name.endsWith("patience")
              ? new EarlyStoppingSpec(stopping.monitor(), (int) wholeNumber(name, v), stopping.minDelta(), stopping.restoreBest())
              : new EarlyStoppingSpec(stopping.monitor(), stopping.patience(), v, stopping.restoreBest());
        }
        default -> {
          if (name.startsWith("schedule.")) {
            String parameter = name.substring("schedule.".length());
            if (schedule == null || !schedule.containsKey(parameter)) {
              throw usage(name + ": " + (schedule == null ? "the train section has no schedule"
                  : "the " + spec.schedule().kind().keyword() + " schedule takes " + String.join(", ", schedule.keySet())));
            }
            schedule.put(parameter, v);
          } else if (!optimizer.containsKey(name)) {
            throw usage("'" + name + "' is not a hyperparameter of this model (its optimizer "
                + spec.optimizer().kind().keyword() + " takes " + String.join(", ", optimizer.keySet())
                + "; see nnc train --help for the others)");
          } else if ((name.equals("lr") && v == 0) || ((name.startsWith("beta") || name.equals("alpha")
              || name.equals("momentum")) && v >= 1)) {
            throw usage(name + " = " + v + " cannot work for " + spec.optimizer().kind().keyword());
          } else {
            optimizer.put(name, v);
          }
        }
      }
    }
    return new TrainSpec(spec.loss(), huberDelta, new OptimizerSpec(spec.optimizer().kind(), optimizer), epochs,
        batch, shuffle, seed, schedule == null ? null : new ScheduleSpec(spec.schedule().kind(), schedule), stopping,
        l1, l2, clipNorm, spec.samples());
  }

  private static long wholeNumber(String name, double v) {
    if (v != Math.rint(v)) {
      throw usage(name + " must be a whole number, got " + v);
    }
    return (long) v;
  }

  private static boolean flag(String name, double v) {
    if (v != 0 && v != 1) {
      throw usage(name + " takes true or false (1 or 0), got " + v);
    }
    return v == 1;
  }

  private static int positiveInt(String name, double v) {
    if (v < 1 || v != Math.rint(v) || v > 1_000_000) {
      throw usage(name + " must be a whole number from 1, got " + v);
    }
    return (int) v;
  }

  static CliException usage(String message) {
    return new CliException(CliException.MODEL_ERROR, "error: " + message);
  }

  /** A fresh configuration: optimizers, schedules and early stopping hold state, so every run gets new ones. */
  static TrainingConfig config(TrainSpec spec, Dataset validation, Path checkpoint) {
    TrainingConfig config = TrainingConfig.of(spec.epochs(), spec.batchSize(), spec.shuffle(), spec.seed(),
        optimizer(spec.optimizer()));
    if (spec.l1() > 0 || spec.l2() > 0) {
      config = config.withRegularization(new Regularization(spec.l1(), spec.l2()));
    }
    boolean validating = validation != null && validation.rows() > 0;
    return config.withClipNorm(spec.clipNorm())
        .withSchedule(spec.schedule() == null ? null : schedule(spec.schedule(), spec.epochs(), validating))
        .withEarlyStopping(spec.earlyStopping() == null ? null : earlyStopping(spec.earlyStopping()))
        .withValidation(validating ? validation : null)
        .withCheckpoint(checkpoint);
  }

  static Optimizer optimizer(OptimizerSpec spec) {
    double lr = spec.get("lr");
    return switch (spec.kind()) {
      case SGD -> new Sgd(lr, spec.get("momentum"), 0, spec.get("weight_decay"), spec.get("nesterov") != 0);
      case ADAM -> new Adam(lr, spec.get("beta1"), spec.get("beta2"), spec.get("eps"), spec.get("weight_decay"));
      case ADAMW -> new AdamW(lr, spec.get("beta1"), spec.get("beta2"), spec.get("eps"), spec.get("weight_decay"));
      case RMSPROP -> new RmsProp(lr, spec.get("alpha"), spec.get("eps"), spec.get("weight_decay"),
          spec.get("momentum"), spec.get("centered") != 0);
    };
  }

  private static LearningRateSchedule schedule(ScheduleSpec spec, int epochs, boolean validating) {
    return switch (spec.kind()) {
      case STEP -> new StepLR((int) spec.get("step_size"), spec.get("gamma"));
      case EXPONENTIAL -> new ExponentialLR(spec.get("gamma"));
      case COSINE -> new CosineAnnealingLR(Double.isNaN(spec.get("t_max")) ? epochs : (int) spec.get("t_max"),
          spec.get("eta_min"));
      // Watches the validation loss when there is one, else the training loss.
      case PLATEAU -> new ReduceLROnPlateau(validating ? Monitor.VAL_LOSS : Monitor.LOSS, Mode.MIN, spec.get("factor"),
          (int) spec.get("patience"), spec.get("threshold"), ReduceLROnPlateau.ThresholdMode.REL,
          (int) spec.get("cooldown"), spec.get("min_lr"));
    };
  }

  private static EarlyStopping earlyStopping(EarlyStoppingSpec spec) {
    return new EarlyStopping(Monitor.fromKey(spec.monitor()), spec.maximize() ? Mode.MAX : Mode.MIN, spec.patience(),
        spec.minDelta(), spec.restoreBest());
  }
}
