package dev.nnc.runtime.testing;

import dev.nnc.runtime.Loss;
import dev.nnc.runtime.Losses;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.ParameterBlock;
import java.util.List;

/**
 * A hand-written stand-in for a generated network: logistic regression with {@code inputs} features,
 * one logit z = w.x + b, a sigmoid output, trained with BCE on the logit. Parameters are laid out as
 * [w_0 .. w_{inputs-1}, b].
 */
public final class LogisticRegressionNetwork implements Network {

  private final int inputs;
  private final int maxBatch;
  private final float[] parameters;
  private final float[] gradients;
  private final float[] logits;
  private final float[] outputs;
  private final float[] logitGradient;
  private boolean training;

  public LogisticRegressionNetwork(int inputs, int maxBatch) {
    this.inputs = inputs;
    this.maxBatch = maxBatch;
    this.parameters = new float[inputs + 1];
    this.gradients = new float[inputs + 1];
    this.logits = new float[maxBatch];
    this.outputs = new float[maxBatch];
    this.logitGradient = new float[maxBatch];
  }

  @Override
  public String modelName() {
    return "logistic";
  }

  @Override
  public String signature() {
    return "input[" + inputs + "] dense[1]sigmoid";
  }

  @Override
  public long fingerprint() {
    return signature().hashCode() * 0x9E3779B97F4A7C15L;
  }

  @Override
  public int inputSize() {
    return inputs;
  }

  @Override
  public int outputSize() {
    return 1;
  }

  @Override
  public int maxBatch() {
    return maxBatch;
  }

  @Override
  public float[] parameters() {
    return parameters;
  }

  @Override
  public float[] gradients() {
    return gradients;
  }

  @Override
  public List<ParameterBlock> parameterLayout() {
    return List.of(
        new ParameterBlock("dense1.weight", 0, inputs, inputs, ParameterBlock.Role.WEIGHT),
        new ParameterBlock("dense1.bias", inputs, 1, inputs, ParameterBlock.Role.BIAS));
  }

  @Override
  public Loss loss() {
    return Losses.binaryCrossEntropyWithLogits();
  }

  @Override
  public void setTraining(boolean training) {
    this.training = training;
  }

  /** Whether the last {@link #setTraining} call asked for training behaviour. */
  public boolean isTraining() {
    return training;
  }

  @Override
  public void forward(float[] x, int batch) {
    if (batch > maxBatch) {
      throw new IllegalArgumentException("batch " + batch + " > maxBatch " + maxBatch);
    }
    for (int i = 0; i < batch; i++) {
      float z = parameters[inputs];
      for (int j = 0; j < inputs; j++) {
        z += parameters[j] * x[i * inputs + j];
      }
      logits[i] = z;
      outputs[i] = (float) (1 / (1 + Math.exp(-z)));
    }
  }

  @Override
  public float[] output() {
    return outputs;
  }

  @Override
  public float[] lossInput() {
    return logits;
  }

  @Override
  public float[] lossGradient() {
    return logitGradient;
  }

  @Override
  public void backward(float[] x, int batch) {
    java.util.Arrays.fill(gradients, 0f);
    for (int i = 0; i < batch; i++) {
      float g = logitGradient[i];
      for (int j = 0; j < inputs; j++) {
        gradients[j] += g * x[i * inputs + j];
      }
      gradients[inputs] += g;
    }
  }

  @Override
  public void predict(float[] x, float[] out) {
    forward(x, 1);
    out[0] = outputs[0];
  }
}
