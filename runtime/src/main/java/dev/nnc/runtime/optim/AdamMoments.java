package dev.nnc.runtime.optim;

import dev.nnc.runtime.parallel.ParameterSplit;
import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The update shared by {@link Adam} and {@link AdamW}: bias-corrected first and second moments, with
 * weight decay either added to the gradient (Adam's L2) or applied to the parameter directly
 * (AdamW's decoupled decay).
 *
 * <p>The arithmetic follows PyTorch's single-tensor CPU code: bias corrections in double, element
 * updates in float32 in the same order of operations, so results agree to float rounding. Moments too
 * small to move a parameter are stored as zero instead of subnormal ({@link Subnormals}).
 */
final class AdamMoments {

  /** Below this many parameters the update stays on one thread: it is over before a helper starts. */
  private static final int PARALLEL_PARAMETERS = 1 << 15;

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
  // The current step's arrays and factors, read by the parts of a split update.
  private float[] stepParams;
  private float[] stepGrads;
  private ParameterSplit stepSplit;
  /** The even split of the last parameter array stepped without one of its own. */
  private ParameterSplit evenSplit;
  private float negativeStepSize;
  private float biasCorrection2Sqrt;
  private final WorkerTeam.Task updateTask = this::updatePart;
  private final ParameterSplit.Range updateRange = this::update;

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
    step(params, grads, null, null);
  }

  /**
   * One update; with {@code workers}, each thread updates its own ranges of parameters, as {@code split}
   * says (null: an even split), with the same bits.
   */
  void step(float[] params, float[] grads, WorkerTeam workers, ParameterSplit split) {
    Hyperparameters.checkLengths(params, grads, firstMoment);
    if (split != null && split.length() != params.length) {
      throw new IllegalArgumentException("the parameter split covers " + split.length() + " parameters, not "
          + params.length);
    }
    if (firstMoment == null) {
      firstMoment = new float[params.length];
      secondMoment = new float[params.length];
    }
    stepCount++;
    double biasCorrection1 = 1 - Math.pow(beta1, stepCount);
    double biasCorrection2 = 1 - Math.pow(beta2, stepCount);
    negativeStepSize = (float) -(lr / biasCorrection1);
    biasCorrection2Sqrt = (float) Math.sqrt(biasCorrection2);
    stepParams = params;
    stepGrads = grads;
    if (workers != null && params.length >= PARALLEL_PARAMETERS) {
      if (split == null) {
        if (evenSplit == null || evenSplit.length() != params.length) {
          evenSplit = ParameterSplit.even(params.length);
        }
        split = evenSplit;
      }
      stepSplit = split;
      workers.run(updateTask);
    } else {
      update(0, params.length);
    }
    stepParams = null;
    stepGrads = null;
    stepSplit = null;
  }

  private void updatePart(int part, int parts) {
    stepSplit.forEachRange(part, parts, updateRange);
  }

  /** The element-wise update of parameters {@code from} to {@code to}. */
  private void update(int from, int to) {
    float[] params = stepParams;
    float[] grads = stepGrads;
    float negativeStepSize = this.negativeStepSize;
    float biasCorrection2Sqrt = this.biasCorrection2Sqrt;
    float decay = (float) weightDecay;
    // AdamW: param.mul_(1 - lr * weight_decay), the factor computed in double as Python does
    float decoupledFactor = (float) (1 - lr * weightDecay);
    boolean coupledDecay = !decoupled && weightDecay != 0;
    boolean decoupledDecay = decoupled && weightDecay != 0;
    float firstWeight = (float) (1 - beta1);
    float secondDecay = (float) beta2;
    float secondWeight = (float) (1 - beta2);
    float epsilon = (float) eps;
    // A plain loop on purpose: C2 vectorizes it (the float square root included), and it runs as fast as
    // Vector API code on this memory-bound update, with no species to agree on with the network's kernels
    // (once the Vector API's shared methods have seen two species, JDK 17 boxes the vectors of both).
    for (int i = from; i < to; i++) {
      float g = grads[i];
      float p = params[i];
      if (coupledDecay) {
        g = g + decay * p;
      } else if (decoupledDecay) {
        p = p * decoupledFactor;
      }
      float m = Subnormals.negligibleToZero(firstMoment[i] + firstWeight * (g - firstMoment[i]));
      float v = Subnormals.subnormalToZero(secondMoment[i] * secondDecay + secondWeight * g * g);
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
