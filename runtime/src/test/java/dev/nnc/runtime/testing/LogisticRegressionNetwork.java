package dev.nnc.runtime.testing;

import dev.nnc.runtime.Loss;
import dev.nnc.runtime.Losses;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.ParameterBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A hand-written stand-in for a generated network: logistic regression with {@code inputs} features,
 * one logit z = w.x + b, a sigmoid output, trained with BCE on the logit. Parameters are laid out as
 * [w_0 .. w_{inputs-1}, b].
 *
 * <p>Two options exercise what generated networks may have: {@link #withInputDropout} drops inputs in
 * training mode with masks drawn from the generator {@link #reseed} sets, and {@link #withRunningMean}
 * keeps a running mean of the inputs as {@link #state()} (momentum 0.1, as BatchNorm), updated by every
 * training-mode forward pass.
 */
public final class LogisticRegressionNetwork implements Network {

  private final int inputs;
  private final int maxBatch;
  private final double dropout;
  private final boolean runningMean;
  private final Loss loss;
  private final float[] parameters;
  private final float[] gradients;
  private final float[] state;
  private final float[] logits;
  private final float[] outputs;
  private final float[] logitGradient;
  private final float[] dropped;
  private final List<Long> seeds = new ArrayList<>();
  private SplittableRandom random = new SplittableRandom(0);
  private boolean training;
  private boolean poisonNextBackward;

  private dev.nnc.runtime.parallel.WorkerTeam workers;

  public LogisticRegressionNetwork(int inputs, int maxBatch) {
    this(inputs, maxBatch, 0, false, Losses.binaryCrossEntropyWithLogits());
  }

  private LogisticRegressionNetwork(int inputs, int maxBatch, double dropout, boolean runningMean,
      Loss loss) {
    this.loss = loss;
    this.inputs = inputs;
    this.maxBatch = maxBatch;
    this.dropout = dropout;
    this.runningMean = runningMean;
    this.parameters = new float[inputs + 1];
    this.gradients = new float[inputs + 1];
    this.state = new float[runningMean ? inputs : 0];
    this.logits = new float[maxBatch];
    this.outputs = new float[maxBatch];
    this.logitGradient = new float[maxBatch];
    this.dropped = new float[maxBatch * inputs];
  }

  /** The same network with inverted dropout of probability {@code p} on its inputs. */
  public LogisticRegressionNetwork withInputDropout(double p) {
    return new LogisticRegressionNetwork(inputs, maxBatch, p, runningMean, loss);
  }

  /** The same network keeping a running mean of its inputs as state. */
  public LogisticRegressionNetwork withRunningMean() {
    return new LogisticRegressionNetwork(inputs, maxBatch, dropout, true, loss);
  }

  /** The same network trained with another loss on its logit, e.g. mean squared error. */
  public LogisticRegressionNetwork withLoss(Loss otherLoss) {
    return new LogisticRegressionNetwork(inputs, maxBatch, dropout, runningMean, otherLoss);
  }

  /** Makes the next {@link #backward} call write NaN into the first gradient. */
  public void poisonNextBackward() {
    poisonNextBackward = true;
  }

  @Override
  public String modelName() {
    return "logistic";
  }

  @Override
  public String signature() {
    return "input[" + inputs + "]" + (dropout > 0 ? " dropout[" + dropout + "]" : "")
        + (runningMean ? " running_mean" : "") + " dense[1]sigmoid" + (loss.name().equals("bce") ? ""
        : " " + loss.name());
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
  public float[] state() {
    return state;
  }

  @Override
  public List<ParameterBlock> stateLayout() {
    return runningMean
        ? List.of(new ParameterBlock("input.running_mean", 0, inputs, inputs, ParameterBlock.Role.RUNNING_MEAN))
        : List.of();
  }

  @Override
  public void reseed(long seed) {
    seeds.add(seed);
    random = new SplittableRandom(seed);
  }

  /** Every seed {@link #reseed} received, in order. */
  public List<Long> seeds() {
    return seeds;
  }

  @Override
  public Loss loss() {
    return loss;
  }

  @Override
  public void setWorkers(dev.nnc.runtime.parallel.WorkerTeam workers) {
    // kept for the trainer (which splits the optimizer step across it); the passes run on one thread
    this.workers = workers;
  }

  @Override
  public dev.nnc.runtime.parallel.WorkerTeam workers() {
    return workers;
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
    float[] in = x;
    if (training && dropout > 0) {
      float keepScale = (float) (1 / (1 - dropout));
      for (int i = 0; i < batch * inputs; i++) {
        dropped[i] = random.nextDouble() < dropout ? 0f : x[i] * keepScale;
      }
      in = dropped;
    }
    if (training && runningMean) {
      for (int j = 0; j < inputs; j++) {
        float sum = 0;
        for (int i = 0; i < batch; i++) {
          sum += x[i * inputs + j];
        }
        state[j] = 0.9f * state[j] + 0.1f * (sum / batch);
      }
    }
    for (int i = 0; i < batch; i++) {
      float z = parameters[inputs];
      for (int j = 0; j < inputs; j++) {
        z += parameters[j] * in[i * inputs + j];
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
    float[] in = training && dropout > 0 ? dropped : x;
    Arrays.fill(gradients, 0f);
    for (int i = 0; i < batch; i++) {
      float g = logitGradient[i];
      for (int j = 0; j < inputs; j++) {
        gradients[j] += g * in[i * inputs + j];
      }
      gradients[inputs] += g;
    }
    if (poisonNextBackward) {
      gradients[0] = Float.NaN;
      poisonNextBackward = false;
    }
  }

  @Override
  public void predict(float[] x, float[] out) {
    forward(x, 1);
    out[0] = outputs[0];
  }

  /** A network's own {@link Network#sumOfSquares}, as a generated class's vectors give one. */
  @FunctionalInterface
  public interface SumOfSquares {
    double of(float[] values, int from, int to);
  }

  private SumOfSquares sumOfSquares;

  /** Answers {@link #sumOfSquares} with {@code sum} instead of the interface's default (null: the default). */
  public void setSumOfSquares(SumOfSquares sum) {
    this.sumOfSquares = sum;
  }

  @Override
  public double sumOfSquares(float[] values, int from, int to) {
    return sumOfSquares == null ? Network.super.sumOfSquares(values, from, to) : sumOfSquares.of(values, from, to);
  }
}
