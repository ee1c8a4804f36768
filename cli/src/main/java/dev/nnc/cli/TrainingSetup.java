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
   * A fresh configuration: optimizers, schedules and early stopping hold state, so every run gets new
   * ones. {@code learningRate} overrides the optimizer's when not NaN.
   */
  static TrainingConfig config(TrainSpec spec, double learningRate, Dataset validation, Path checkpoint) {
    TrainingConfig config = TrainingConfig.of(spec.epochs(), spec.batchSize(), spec.shuffle(), spec.seed(),
        optimizer(spec.optimizer(), learningRate));
    if (spec.l1() > 0 || spec.l2() > 0) {
      config = config.withRegularization(new Regularization(spec.l1(), spec.l2()));
    }
    boolean validating = validation != null && validation.rows() > 0;
    return config.withClipNorm(spec.clipNorm())
        .withSchedule(spec.schedule() == null ? null : schedule(spec.schedule(), validating))
        .withEarlyStopping(spec.earlyStopping() == null ? null : earlyStopping(spec.earlyStopping()))
        .withValidation(validating ? validation : null)
        .withCheckpoint(checkpoint);
  }

  static Optimizer optimizer(OptimizerSpec spec, double learningRate) {
    double lr = Double.isNaN(learningRate) ? spec.get("lr") : learningRate;
    return switch (spec.kind()) {
      case SGD -> new Sgd(lr, spec.get("momentum"), 0, spec.get("weight_decay"), spec.get("nesterov") != 0);
      case ADAM -> new Adam(lr, spec.get("beta1"), spec.get("beta2"), spec.get("eps"), spec.get("weight_decay"));
      case ADAMW -> new AdamW(lr, spec.get("beta1"), spec.get("beta2"), spec.get("eps"), spec.get("weight_decay"));
      case RMSPROP -> new RmsProp(lr, spec.get("alpha"), spec.get("eps"), spec.get("weight_decay"),
          spec.get("momentum"), spec.get("centered") != 0);
    };
  }

  private static LearningRateSchedule schedule(ScheduleSpec spec, boolean validating) {
    return switch (spec.kind()) {
      case STEP -> new StepLR((int) spec.get("step_size"), spec.get("gamma"));
      case EXPONENTIAL -> new ExponentialLR(spec.get("gamma"));
      case COSINE -> new CosineAnnealingLR((int) spec.get("t_max"), spec.get("eta_min"));
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
