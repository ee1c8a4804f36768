package dev.nnc.runtime.testing;

import dev.nnc.runtime.Loss;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.ParameterBlock;
import java.util.List;

/** A network that only has parameters and a layout, for testing initialization. */
public final class LayoutOnlyNetwork implements Network {

  private final float[] parameters;
  private final List<ParameterBlock> layout;

  public LayoutOnlyNetwork(float[] parameters, List<ParameterBlock> layout) {
    this.parameters = parameters;
    this.layout = layout;
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
