package dev.nnc.runtime.train;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.data.Dataset;

/**
 * Runs a dataset through a network in evaluation mode, {@code maxBatch} samples at a time, in order.
 * Each {@link #next()} copies a chunk into contiguous buffers and calls {@code forward}, leaving the
 * results in the network's output buffers.
 */
final class EvaluationChunks {

  private final Network net;
  private final Dataset data;
  private final float[] x;
  private final float[] y;
  private int start;
  private int size;

  EvaluationChunks(Network net, Dataset data) {
    this.net = net;
    this.data = data;
    this.x = new float[net.maxBatch() * data.featureCount()];
    this.y = new float[net.maxBatch() * data.targetWidth()];
    net.setTraining(false);
  }

  /** Runs the next chunk forward; false when every sample has been seen. */
  boolean next() {
    start += size;
    if (start >= data.rows()) {
      size = 0;
      return false;
    }
    size = Math.min(net.maxBatch(), data.rows() - start);
    int featureCount = data.featureCount();
    int targetWidth = data.targetWidth();
    System.arraycopy(data.features(), start * featureCount, x, 0, size * featureCount);
    System.arraycopy(data.targets(), start * targetWidth, y, 0, size * targetWidth);
    net.forward(x, size);
    return true;
  }

  /** Index of the chunk's first sample in the dataset. */
  int start() {
    return start;
  }

  /** Samples in the chunk. */
  int size() {
    return size;
  }

  /** The chunk's targets, {@code size() * targetWidth} values. */
  float[] targets() {
    return y;
  }
}
