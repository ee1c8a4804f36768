package dev.nnc.runtime.optim;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The update shared by {@link Adam} and {@link AdamW}: bias-corrected first and second moments, with
 * weight decay either added to the gradient (Adam's L2) or applied to the parameter directly
 * (AdamW's decoupled decay).
 *
 * <p>The arithmetic follows PyTorch's single-tensor CPU code: bias corrections in double, element
 * updates in float32 in the same order of operations, so results agree to float rounding.
 */
final class AdamMoments {

  static final List<String> BUFFERS = List.of("exp_avg", "exp_avg_sq");

  private final String kind;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final boolean decoupled;
  private double lr;
  private float[] firstMoment;
  private float[] secondMoment;
  private long stepCount;

  AdamMoments(String kind, double lr, double beta1, double beta2, double eps, double weightDecay,
      boolean decoupled) {
    Hyperparameters.requirePositive(kind + " learning rate", lr);
    Hyperparameters.requireFraction(kind + " beta1", beta1);
    Hyperparameters.requireFraction(kind + " beta2", beta2);
    Hyperparameters.requireNonNegative(kind + " eps", eps);
    Hyperparameters.requireNonNegative(kind + " weight decay", weightDecay);
    this.kind = kind;
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  void step(float[] params, float[] grads) {
    Hyperparameters.checkLengths(params, grads, firstMoment);
    if (firstMoment == null) {
      firstMoment = new float[params.length];
      secondMoment = new float[params.length];
    }
    stepCount++;
    double biasCorrection1 = 1 - Math.pow(beta1, stepCount);
    double biasCorrection2 = 1 - Math.pow(beta2, stepCount);
    float negativeStepSize = (float) -(lr / biasCorrection1);
    float biasCorrection2Sqrt = (float) Math.sqrt(biasCorrection2);
    float decay = (float) weightDecay;
    // AdamW: param.mul_(1 - lr * weight_decay), the factor computed in double as Python does
    float decoupledFactor = (float) (1 - lr * weightDecay);
    boolean coupledDecay = !decoupled && weightDecay != 0;
    boolean decoupledDecay = decoupled && weightDecay != 0;
    float firstWeight = (float) (1 - beta1);
    float secondDecay = (float) beta2;
    float secondWeight = (float) (1 - beta2);
    float epsilon = (float) eps;
    for (int i = 0; i < params.length; i++) {
      float g = grads[i];
      float p = params[i];
      if (coupledDecay) {
        g = g + decay * p;
      } else if (decoupledDecay) {
        p = p * decoupledFactor;
      }
      float m = firstMoment[i] + firstWeight * (g - firstMoment[i]);
      float v = secondMoment[i] * secondDecay + secondWeight * g * g;
      firstMoment[i] = m;
      secondMoment[i] = v;
      float denominator = (float) Math.sqrt(v) / biasCorrection2Sqrt + epsilon;
      params[i] = p + negativeStepSize * m / denominator;
    }
  }

  String describe() {
    return kind + "(lr=" + Hyperparameters.format(lr) + ", betas=(" + Hyperparameters.format(beta1)
        + ", " + Hyperparameters.format(beta2) + "), eps=" + Hyperparameters.format(eps)
        + ", weight_decay=" + Hyperparameters.format(weightDecay) + ")";
  }

  double learningRate() {
    return lr;
  }

  void setLearningRate(double learningRate) {
    Hyperparameters.requireNonNegative(kind + " learning rate", learningRate);
    lr = learningRate;
  }

  OptimizerState state() {
    SortedMap<String, float[]> buffers = new TreeMap<>();
    if (firstMoment != null) {
      buffers.put("exp_avg", firstMoment);
      buffers.put("exp_avg_sq", secondMoment);
    }
    return new OptimizerState(kind, lr, stepCount, buffers);
  }

  void restore(OptimizerState state) {
    RestoredState restored = new RestoredState(state, kind, BUFFERS);
    lr = restored.learningRate();
    stepCount = restored.step();
    firstMoment = restored.buffer("exp_avg");
    secondMoment = restored.buffer("exp_avg_sq");
  }
}
