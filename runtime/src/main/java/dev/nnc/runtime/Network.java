package dev.nnc.runtime;

import dev.nnc.runtime.parallel.ParameterSplit;
import dev.nnc.runtime.parallel.WorkerTeam;
import dev.nnc.runtime.train.GradientClipping;
import java.util.List;

/**
 * A network compiled from a {@code .nn} file. Generated classes implement this; the runtime trains and
 * evaluates them through it.
 *
 * <p>All tensors are flat, row-major {@code float[]} arrays: a batch of {@code n} inputs is
 * {@code n * inputSize()} floats, sample {@code i} starting at {@code i * inputSize()}. An instance owns
 * its activation buffers (sized for {@link #maxBatch()}), so it is not thread-safe: use one per thread.
 */
public interface Network {

  /** The model's name as written after {@code model} in the {@code .nn} file. */
  String modelName();

  /**
   * A canonical description of every layer's kind and shape, e.g. {@code "input[2] dense[16]relu
   * dense[1]sigmoid"}. Weights files record its {@link #fingerprint()} so weights of another model are
   * refused.
   */
  String signature();

  /** A stable 64-bit hash of {@link #signature()}. */
  long fingerprint();

  /** Number of input features per sample (the product of the input shape). */
  int inputSize();

  /** Number of output values per sample. */
  int outputSize();

  /** The largest batch {@link #forward} and {@link #backward} accept. */
  int maxBatch();

  /** All trainable parameters, flat; the optimizer updates this array in place. */
  float[] parameters();

  /** The gradient of the loss with respect to {@link #parameters()}, filled by {@link #backward}. */
  float[] gradients();

  /** Where each parameter tensor lives in {@link #parameters()}, in layer order. */
  List<ParameterBlock> parameterLayout();

  /**
   * Non-trainable state that belongs with the weights, such as BatchNorm's running means and variances;
   * empty for networks without any. Saved and restored with the parameters.
   */
  float[] state();

  /** Where each tensor lives in {@link #state()}, in layer order. */
  List<ParameterBlock> stateLayout();

  /**
   * Seeds the randomness of training-mode layers (dropout masks) for the next {@link #forward} call.
   * The trainer calls it before every batch with a seed derived from the run's seed, the epoch and the
   * batch, so a run is reproducible and can resume mid-way without saving generator state.
   */
  void reseed(long seed);

  /** The training loss, chosen by the compiler (fused with the output activation where possible). */
  Loss loss();

  /** Switches between training behaviour and evaluation behaviour (dropout, batch statistics). */
  void setTraining(boolean training);

  /**
   * Runs the batch {@code x} ({@code batch * inputSize()} floats) through the network, filling
   * {@link #output()} and {@link #lossInput()}.
   */
  void forward(float[] x, int batch);

  /** The final activations of the last {@link #forward} call ({@code batch * outputSize()} valid). */
  float[] output();

  /**
   * What {@link #loss()} reads: the output, or the pre-activation logits where the loss is fused with
   * the output activation (sigmoid + BCE, softmax + cross-entropy).
   */
  float[] lossInput();

  /** Where {@link #loss()} writes d(loss)/d({@link #lossInput()}); {@link #backward} starts here. */
  float[] lossGradient();

  /**
   * Back-propagates {@link #lossGradient()} through the network for the batch given to the preceding
   * {@link #forward} call, overwriting {@link #gradients()}.
   */
  void backward(float[] x, int batch);

  /**
   * Splits the work of large batches in {@link #forward} and {@link #backward} across the threads of
   * {@code workers} (null: the calling thread alone, the default). Each thread computes its own
   * samples' activations (or, in a large dense layer, adds its own rows of W to every sum, in a pipeline
   * with the other threads) and its own rows of each weight gradient, every sum in the same order, so
   * the results are the same bits with any number of threads. Small batches stay on the calling thread,
   * except in {@link #predict}, where the threads share the columns of each large dense layer.
   */
  void setWorkers(WorkerTeam workers);

  /** The team given to {@link #setWorkers}, or null; the trainer splits the optimizer step across it too. */
  WorkerTeam workers();

  /**
   * How the optimizer step should split {@link #parameters()} across {@link #workers()}: each thread
   * takes the parameters its parts of the passes leave in its cache (the rows of each weight gradient it
   * computed). The default splits them evenly.
   */
  default ParameterSplit parameterSplit() {
    return ParameterSplit.even(parameters().length);
  }

  /**
   * The sum of squares of {@code values[from..to)}: NaN if a value is NaN, else infinite if a value is
   * infinite, else finite. The trainer's guard against a NaN or infinite gradient sums each step's
   * gradients through this (clipping takes {@link GradientClipping#sumOfSquares}, whose bits do not
   * depend on the kernels). The default is that sum in double; classes generated with vector kernels sum
   * on their own vectors, which the runtime does not use itself (two species in one JVM slow both down
   * on JDK 17).
   */
  default double sumOfSquares(float[] values, int from, int to) {
    return GradientClipping.sumOfSquares(values, from, to);
  }

  /** Inference for one sample: writes {@link #outputSize()} floats to {@code out}. */
  void predict(float[] x, float[] out);
}
