package dev.nnc.runtime;

/**
 * Mean absolute error over all values of the batch, as PyTorch's {@code nn.L1Loss()}; the gradient at
 * an exact match is 0, as {@code sign(0)} is in PyTorch.
 */
final class MeanAbsoluteError implements Loss {

  @Override
  public String name() {
    return "mae";
  }

  @Override
  public float lossAndGradient(float[] input, float[] target, int batch, int width, float[] gradient) {
    int count = batch * width;
    float scale = 1f / count;
    double sum = 0;
    for (int i = 0; i < count; i++) {
      float difference = input[i] - target[i];
      sum += Math.abs(difference);
      gradient[i] = Math.signum(difference) * scale;
    }
    return (float) (sum / count);
  }

  @Override
  public float loss(float[] input, float[] target, int batch, int width) {
    int count = batch * width;
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += Math.abs(input[i] - target[i]);
    }
    return (float) (sum / count);
  }
}
