package dev.nnc.runtime.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * RMSprop, as {@code torch.optim.RMSprop}:
 *
 * <pre>
 * g = grad + weight_decay * p
 * s = alpha * s + (1 - alpha) * g^2
 * if centered: a = alpha * a + (1 - alpha) * g;  d = sqrt(s - a^2) + eps
 * else:        d = sqrt(s) + eps
 * if momentum > 0: buf = momentum * buf + g / d;  p = p - lr * buf
 * else:            p = p - lr * g / d
 * </pre>
 */
public final class RmsProp implements Optimizer {

  private static final String KIND = "RMSprop";

  private double lr;
  private final double alpha;
  private final double eps;
  private final double weightDecay;
  private final double momentum;
  private final boolean centered;
  private float[] squareAverage;
  private float[] gradientAverage;
  private float[] momentumBuffer;
  private long stepCount;

  /** RMSprop with PyTorch's defaults: lr 0.01, alpha 0.99, eps 1e-8, no decay, momentum or centering. */
  public RmsProp() {
    this(1e-2);
  }

  /** RMSprop with PyTorch's defaults except the learning rate. */
  public RmsProp(double lr) {
    this(lr, 0.99, 1e-8, 0, 0, false);
  }

  /** @throws IllegalArgumentException for settings PyTorch would also refuse */
  public RmsProp(double lr, double alpha, double eps, double weightDecay, double momentum,
      boolean centered) {
    Hyperparameters.requirePositive("RMSprop learning rate", lr);
    Hyperparameters.requireFraction("RMSprop alpha", alpha);
    Hyperparameters.requireNonNegative("RMSprop eps", eps);
    Hyperparameters.requireNonNegative("RMSprop weight decay", weightDecay);
    Hyperparameters.requireNonNegative("RMSprop momentum", momentum);
    this.lr = lr;
    this.alpha = alpha;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.momentum = momentum;
    this.centered = centered;
  }

  @Override
  public void step(float[] params, float[] grads) {
    Hyperparameters.checkLengths(params, grads, squareAverage);
    if (squareAverage == null) {
      squareAverage = new float[params.length];
      gradientAverage = centered ? new float[params.length] : null;
      momentumBuffer = momentum > 0 ? new float[params.length] : null;
    }
    stepCount++;
    float decay = (float) weightDecay;
    float keep = (float) alpha;
    float weight = (float) (1 - alpha);
    float epsilon = (float) eps;
    float mom = (float) momentum;
    float negativeLr = (float) -lr;
    for (int i = 0; i < params.length; i++) {
      float g = grads[i];
      if (weightDecay != 0) {
        g = g + decay * params[i];
      }
      float square = squareAverage[i] * keep + weight * g * g;
      squareAverage[i] = square;
      float average;
      if (centered) {
        float mean = gradientAverage[i] + weight * (g - gradientAverage[i]);
        gradientAverage[i] = mean;
        average = (float) Math.sqrt(square + -1f * mean * mean);
      } else {
        average = (float) Math.sqrt(square);
      }
      average += epsilon;
      if (momentum > 0) {
        float buf = momentumBuffer[i] * mom + g / average;
        momentumBuffer[i] = buf;
        params[i] = params[i] + negativeLr * buf;
      } else {
        params[i] = params[i] + negativeLr * g / average;
      }
    }
  }

  @Override
  public String describe() {
    return "RMSprop(lr=" + Hyperparameters.format(lr) + ", alpha=" + Hyperparameters.format(alpha)
        + ", eps=" + Hyperparameters.format(eps) + ", weight_decay=" + Hyperparameters.format(weightDecay)
        + ", momentum=" + Hyperparameters.format(momentum) + ", centered="
        + (centered ? "True" : "False") + ")";
  }

  @Override
  public double learningRate() {
    return lr;
  }

  @Override
  public void setLearningRate(double learningRate) {
    Hyperparameters.requireNonNegative("RMSprop learning rate", learningRate);
    lr = learningRate;
  }

  /**
   * Step count and the buffers {@code square_avg}, {@code grad_avg} (centered) and
   * {@code momentum_buffer} (with momentum), as PyTorch names them.
   */
  @Override
  public OptimizerState state() {
    SortedMap<String, float[]> buffers = new TreeMap<>();
    if (squareAverage != null) {
      buffers.put("square_avg", squareAverage);
      if (gradientAverage != null) {
        buffers.put("grad_avg", gradientAverage);
      }
      if (momentumBuffer != null) {
        buffers.put("momentum_buffer", momentumBuffer);
      }
    }
    return new OptimizerState(KIND, lr, stepCount, buffers);
  }

  @Override
  public void restore(OptimizerState state) {
    List<String> kept = new ArrayList<>(List.of("square_avg"));
    if (centered) {
      kept.add("grad_avg");
    }
    if (momentum > 0) {
      kept.add("momentum_buffer");
    }
    RestoredState restored = new RestoredState(state, KIND, kept);
    lr = restored.learningRate();
    stepCount = restored.step();
    squareAverage = restored.buffer("square_avg");
    gradientAverage = restored.buffer("grad_avg");
    momentumBuffer = restored.buffer("momentum_buffer");
  }
}
