package dev.nnc.runtime.train;

import dev.nnc.runtime.Loss;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.optim.Optimizer;
import java.nio.file.Path;

/**
 * The mini-batch training loop, as a plain PyTorch loop: for each batch, forward, loss, backward,
 * optimizer step. Also runs a network over a whole dataset for prediction and evaluation.
 *
 * <p>{@link #fit(Network, Dataset, TrainingConfig, TrainingListener)} is the full loop, with
 * regularization, gradient clipping, learning-rate schedules, validation, early stopping and
 * checkpoints. An instance made with {@link #Trainer} runs the plain loop.
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
    TrainingRun.checkBatchSize(net, batchSize);
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
   * @throws TrainingException if a batch loss or the gradient norm becomes NaN or infinite; the
   *     parameters are then left as they were before that batch
   */
  public TrainingHistory fit(Dataset train, int epochs, EpochListener listener) {
    return fit(net, train, TrainingConfig.of(epochs, batchSize, shuffle, seed, optimizer),
        TrainingListener.of(listener, epochs));
  }

  /**
   * Trains {@code net} in place as {@code config} says, from its current parameters.
   *
   * @see #fit(Network, Dataset, TrainingConfig, TrainingListener, Path)
   */
  public static TrainingHistory fit(Network net, Dataset train, TrainingConfig config,
      TrainingListener listener) {
    return fit(net, train, config, listener, null);
  }

  /**
   * Trains {@code net} in place as {@code config} says. Before each batch the network is reseeded with
   * {@link BatchSeed#of}{@code (seed, epoch, batch)}; after backward come regularization, gradient
   * clipping and the optimizer step. After each epoch: the validation pass, the schedule step, early
   * stopping and the checkpoint; then the listener hears the epoch's result.
   *
   * <p>Given {@code resumeFrom}, training continues after the epoch that checkpoint completed, with
   * its parameters, state and optimizer, schedule and early-stopping progress, and ends with weights
   * bit-identical to those of an uninterrupted run of the same configuration.
   *
   * @param resumeFrom a checkpoint written by a run of this configuration, or null to start afresh
   * @return every epoch's results (a resumed run's include those before the checkpoint)
   * @throws TrainingException if a batch loss or the gradient norm becomes NaN or infinite; the
   *     parameters are then those from before that batch, and the checkpoint of the last complete
   *     epoch stays as it was
   * @throws dev.nnc.runtime.io.CheckpointException if the checkpoint to resume from cannot be read
   *     or was written for another model or training setup, or a checkpoint cannot be written
   * @throws IllegalArgumentException if the configuration does not fit the network or the data
   */
  public static TrainingHistory fit(Network net, Dataset train, TrainingConfig config,
      TrainingListener listener, Path resumeFrom) {
    return new TrainingRun(net, train, config, listener).run(resumeFrom);
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
    return evaluate(net, data).loss();
  }

  /**
   * The network's loss and, for classification losses ({@code bce}, {@code cross_entropy}), its
   * accuracy over a whole labelled dataset in evaluation mode. NaN values for an empty dataset.
   */
  public static EvaluationResult evaluate(Network net, Dataset data) {
    return evaluate(net, data, null);
  }

  /**
   * {@link #evaluate(Network, Dataset)} that also keeps the outputs {@link #predictAll} would return, from
   * the same forward passes.
   *
   * @param outputs {@code data.rows() * net.outputSize()} floats to fill, or null
   */
  public static EvaluationResult evaluate(Network net, Dataset data, float[] outputs) {
    checkShapes(net, data, true);
    if (data.rows() == 0) {
      return new EvaluationResult(Float.NaN, Float.NaN);
    }
    Loss loss = net.loss();
    boolean classifies = Accuracy.measurable(net);
    int outputSize = net.outputSize();
    double lossSum = 0;
    long correct = 0;
    EvaluationChunks chunks = new EvaluationChunks(net, data);
    while (chunks.next()) {
      if (outputs != null) {
        System.arraycopy(net.output(), 0, outputs, chunks.start() * outputSize, chunks.size() * outputSize);
      }
      lossSum += (double) loss.loss(net.lossInput(), chunks.targets(), chunks.size(), net.outputSize())
          * chunks.size();
      if (classifies) {
        correct += Accuracy.correct(net, chunks.targets(), chunks.size());
      }
    }
    float accuracy = classifies
        ? (float) ((double) correct / ((long) data.rows() * Accuracy.decisionsPerSample(net)))
        : Float.NaN;
    return new EvaluationResult((float) (lossSum / data.rows()), accuracy);
  }

  static void checkShapes(Network net, Dataset data, boolean needTargets) {
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
