package dev.nnc.runtime.train;

import dev.nnc.runtime.Loss;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.data.Batches;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.optim.Optimizer;

/**
 * The mini-batch training loop, as a plain PyTorch loop: for each batch, forward, loss, backward,
 * optimizer step. Also runs a network over a whole dataset for prediction and evaluation.
 */
public final class Trainer {

  private final Network net;
  private final Optimizer optimizer;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;

  /**
   * @param batchSize samples per batch, from 1 to {@code net.maxBatch()}
   * @param shuffle whether each epoch visits the samples in a new random order
   * @param seed seeds the shuffling; each {@link #fit} call starts the same sequence of orders
   */
  public Trainer(Network net, Optimizer optimizer, int batchSize, boolean shuffle, long seed) {
    if (batchSize < 1 || batchSize > net.maxBatch()) {
      throw new IllegalArgumentException("batch size " + batchSize + " is outside 1.." + net.maxBatch()
          + ", the batches model '" + net.modelName() + "' was compiled for");
    }
    this.net = net;
    this.optimizer = optimizer;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
  }

  /** Trains for {@code epochs} epochs without reporting progress. */
  public TrainingHistory fit(Dataset train, int epochs) {
    return fit(train, epochs, EpochListener.NONE);
  }

  /**
   * Trains for {@code epochs} epochs, updating the network's parameters in place.
   *
   * @return the mean training loss of each epoch
   * @throws TrainingException if a batch loss becomes NaN or infinite; the parameters are then left as
   *     they were before that batch
   */
  public TrainingHistory fit(Dataset train, int epochs, EpochListener listener) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    checkShapes(net, train, true);
    if (train.rows() == 0) {
      throw new IllegalArgumentException("cannot train on a dataset without rows");
    }
    Loss loss = net.loss();
    int outputSize = net.outputSize();
    Batches batches = new Batches(train, batchSize, shuffle, seed);
    TrainingHistory history = new TrainingHistory();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      net.setTraining(true);
      batches.startEpoch();
      double lossSum = 0;
      while (batches.next()) {
        int n = batches.size();
        net.forward(batches.x(), n);
        float batchLoss = loss.lossAndGradient(net.lossInput(), batches.y(), n, outputSize,
            net.lossGradient());
        if (!Float.isFinite(batchLoss)) {
          throw diverged(epoch, batches, batchLoss);
        }
        net.backward(batches.x(), n);
        optimizer.step(net.parameters(), net.gradients());
        lossSum += (double) batchLoss * n;
      }
      float meanLoss = (float) (lossSum / train.rows());
      history.record(meanLoss);
      listener.onEpoch(epoch, epochs, meanLoss);
    }
    return history;
  }

  /**
   * Runs {@code net} in evaluation mode over every sample, in chunks of {@code net.maxBatch()}.
   *
   * @return {@code data.rows() * net.outputSize()} outputs, row-major
   */
  public static float[] predictAll(Network net, Dataset data) {
    checkShapes(net, data, false);
    int outputSize = net.outputSize();
    float[] outputs = new float[data.rows() * outputSize];
    EvaluationChunks chunks = new EvaluationChunks(net, data);
    while (chunks.next()) {
      System.arraycopy(net.output(), 0, outputs, chunks.start() * outputSize, chunks.size() * outputSize);
    }
    return outputs;
  }

  /**
   * The network's loss over a whole labelled dataset in evaluation mode: the mean over all samples
   * (each chunk's mean weighted by its size). NaN for an empty dataset.
   */
  public static float evaluateLoss(Network net, Dataset data) {
    checkShapes(net, data, true);
    if (data.rows() == 0) {
      return Float.NaN;
    }
    Loss loss = net.loss();
    double sum = 0;
    EvaluationChunks chunks = new EvaluationChunks(net, data);
    while (chunks.next()) {
      sum += (double) loss.loss(net.lossInput(), chunks.targets(), chunks.size(), net.outputSize())
          * chunks.size();
    }
    return (float) (sum / data.rows());
  }

  private static TrainingException diverged(int epoch, Batches batches, float batchLoss) {
    int batch = batches.index() + 1;
    String what = Float.isNaN(batchLoss) ? "NaN" : "infinite";
    return new TrainingException(epoch, batch, "training diverged: the loss became " + what
        + " in epoch " + epoch + ", batch " + batch + " of " + batches.batchesPerEpoch()
        + "; try a smaller learning rate or scaling the features");
  }

  private static void checkShapes(Network net, Dataset data, boolean needTargets) {
    if (data.featureCount() != net.inputSize()) {
      throw new IllegalArgumentException("model '" + net.modelName() + "' takes " + net.inputSize()
          + " features per sample, but the data has " + data.featureCount());
    }
    int targetWidth = net.loss().targetWidth(net.outputSize());
    if (needTargets && data.targetWidth() != targetWidth) {
      throw new IllegalArgumentException("the " + net.loss().name() + " loss of model '"
          + net.modelName() + "' needs " + targetWidth + " target values per sample, but the data has "
          + data.targetWidth());
    }
  }
}
