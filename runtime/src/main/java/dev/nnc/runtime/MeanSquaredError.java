package dev.nnc.runtime;

/** Mean squared error over all values of the batch, as PyTorch's {@code nn.MSELoss()}. */
final class MeanSquaredError implements Loss {

  @Override
  public String name() {
    return "mse";
  }

  @Override
  public float lossAndGradient(float[] input, float[] target, int batch, int width, float[] gradient) {
    int count = batch * width;
    float scale = 2f / count;
    double sum = 0;
    for (int i = 0; i < count; i++) {
      float difference = input[i] - target[i];
      sum += (double) difference * difference;
      gradient[i] = scale * difference;
    }
    return (float) (sum / count);
  }

  @Override
  public float loss(float[] input, float[] target, int batch, int width) {
    int count = batch * width;
    double sum = 0;
    for (int i = 0; i < count; i++) {
      float difference = input[i] - target[i];
      sum += (double) difference * difference;
    }
    return (float) (sum / count);
  }
}
