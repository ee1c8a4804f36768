package dev.nnc.runtime.testing;

import dev.nnc.runtime.Loss;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.ParameterBlock;
import java.util.List;

/** A network that only has parameters, state and their layouts, for testing initialization. */
public final class LayoutOnlyNetwork implements Network {

  private final float[] parameters;
  private final List<ParameterBlock> layout;
  private final float[] state;
  private final List<ParameterBlock> stateLayout;

  /** A network without state. */
  public LayoutOnlyNetwork(float[] parameters, List<ParameterBlock> layout) {
    this(parameters, layout, new float[0], List.of());
  }

  public LayoutOnlyNetwork(float[] parameters, List<ParameterBlock> layout, float[] state,
      List<ParameterBlock> stateLayout) {
    this.parameters = parameters;
    this.layout = layout;
    this.state = state;
    this.stateLayout = stateLayout;
  }

  @Override
  public float[] parameters() {
    return parameters;
  }

  @Override
  public List<ParameterBlock> parameterLayout() {
    return layout;
  }

  @Override
  public float[] state() {
    return state;
  }

  @Override
  public List<ParameterBlock> stateLayout() {
    return stateLayout;
  }

  @Override
  public void reseed(long seed) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String modelName() {
    return "layout";
  }

  @Override
  public String signature() {
    return "layout";
  }

  @Override
  public long fingerprint() {
    return 0;
  }

  @Override
  public int inputSize() {
    throw new UnsupportedOperationException();
  }

  @Override
  public int outputSize() {
    throw new UnsupportedOperationException();
  }

  @Override
  public int maxBatch() {
    throw new UnsupportedOperationException();
  }

  @Override
  public float[] gradients() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Loss loss() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void setWorkers(dev.nnc.runtime.parallel.WorkerTeam workers) {
    // one thread: the reference implementation does not split its work
  }

  @Override
  public dev.nnc.runtime.parallel.WorkerTeam workers() {
    return null;
  }

  @Override
  public void setTraining(boolean training) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void forward(float[] x, int batch) {
    throw new UnsupportedOperationException();
  }

  @Override
  public float[] output() {
    throw new UnsupportedOperationException();
  }

  @Override
  public float[] lossInput() {
    throw new UnsupportedOperationException();
  }

  @Override
  public float[] lossGradient() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void backward(float[] x, int batch) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void predict(float[] x, float[] out) {
    throw new UnsupportedOperationException();
  }
}
