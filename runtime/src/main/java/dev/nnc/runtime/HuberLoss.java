package dev.nnc.runtime;

/**
 * Huber loss over all values of the batch, as PyTorch's {@code nn.HuberLoss(delta)}: quadratic
 * ({@code 0.5 d^2}) within {@code delta} of the target, linear ({@code delta (|d| - delta / 2)}) beyond.
 */
final class HuberLoss implements Loss {

  private final float delta;

  HuberLoss(float delta) {
    if (!(delta > 0)) {
      throw new IllegalArgumentException("delta must be positive: " + delta);
    }
    this.delta = delta;
  }

  @Override
  public String name() {
    return "huber";
  }

  @Override
  public float lossAndGradient(float[] input, float[] target, int batch, int width, float[] gradient) {
    int count = batch * width;
    float scale = 1f / count;
    double sum = 0;
    for (int i = 0; i < count; i++) {
      float difference = input[i] - target[i];
      sum += elementLoss(difference);
      float slope = Math.abs(difference) < delta ? difference : Math.copySign(delta, difference);
      gradient[i] = slope * scale;
    }
    return (float) (sum / count);
  }

  @Override
  public float loss(float[] input, float[] target, int batch, int width) {
    int count = batch * width;
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += elementLoss(input[i] - target[i]);
    }
    return (float) (sum / count);
  }

  private double elementLoss(float difference) {
    double d = Math.abs((double) difference);
    return d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
  }
}
