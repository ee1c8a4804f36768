package dev.nnc.runtime.optim;

import dev.nnc.runtime.parallel.ParameterSplit;
import dev.nnc.runtime.parallel.WorkerTeam;

/**
 * What {@link Adam} and {@link AdamW} share: everything but how weight decay enters, which
 * {@link AdamMoments} is told at construction.
 */
abstract class AdamFamily implements Optimizer {

  private final AdamMoments moments;

  AdamFamily(AdamMoments moments) {
    this.moments = moments;
  }

  @Override
  public void step(float[] params, float[] grads) {
    moments.step(params, grads);
  }

  @Override
  public void step(float[] params, float[] grads, WorkerTeam workers) {
    moments.step(params, grads, workers, null);
  }

  @Override
  public void step(float[] params, float[] grads, WorkerTeam workers, ParameterSplit split) {
    moments.step(params, grads, workers, split);
  }

  @Override
  public String describe() {
    return moments.describe();
  }

  @Override
  public double learningRate() {
    return moments.learningRate();
  }

  @Override
  public void setLearningRate(double learningRate) {
    moments.setLearningRate(learningRate);
  }

  /** Step count and the buffers {@code exp_avg} and {@code exp_avg_sq}, as PyTorch names them. */
  @Override
  public OptimizerState state() {
    return moments.state();
  }

  @Override
  public void restore(OptimizerState state) {
    moments.restore(state);
  }
}
