package dev.nnc.runtime.train.schedule;

import dev.nnc.runtime.train.EpochResult;
import dev.nnc.runtime.train.Monitor;
import java.util.Optional;

/**
 * Changes the learning rate once per epoch, as a {@code torch.optim.lr_scheduler} whose
 * {@code step()} is called after each epoch. The trainer calls {@link #start} before the first epoch
 * and {@link #step} after every epoch, and writes the returned rate into the optimizer.
 *
 * <p>A schedule is stateful; use one instance per training run. Its {@link #state()} goes into
 * checkpoints so a resumed run continues the same sequence.
 */
public interface LearningRateSchedule {

  /**
   * Begins a run (PyTorch's scheduler constructor, with {@code last_epoch=-1}).
   *
   * @param baseLearningRate the optimizer's learning rate (PyTorch's {@code initial_lr})
   * @return the learning rate for the first epoch
   */
  double start(double baseLearningRate);

  /**
   * Ends an epoch (PyTorch's {@code scheduler.step()}, or {@code step(metric)} for a plateau).
   *
   * @param learningRate the rate the finished epoch used
   * @param finished the finished epoch's results, whose monitored value a plateau schedule reads
   * @return the learning rate for the next epoch
   */
  double step(double learningRate, EpochResult finished);

  /** The per-epoch quantity this schedule reads, if any; the trainer checks it is measured. */
  default Optional<Monitor> monitor() {
    return Optional.empty();
  }

  /** A copy of the schedule's progress, for a checkpoint. */
  ScheduleState state();

  /**
   * Continues from a saved {@link #state()}; call after {@link #start}.
   *
   * @throws IllegalArgumentException if the state is another schedule's
   */
  void restore(ScheduleState state);

  /** The schedule and its settings in PyTorch's terms, e.g. {@code StepLR(step_size=30, gamma=0.1)}. */
  String describe();
}
