package dev.nnc.runtime.data;

import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.Random;

/**
 * Walks a dataset in mini-batches, as PyTorch's {@code DataLoader(batch_size=b, shuffle=s,
 * drop_last=False)}: every sample once per epoch, the last batch possibly smaller.
 *
 * <p>Each batch is copied into the same two contiguous buffers, so iterating allocates nothing. When
 * shuffling, each epoch's order is a fresh Fisher–Yates permutation of the rows, drawn from one
 * {@link Random} created from the seed: the same seed gives the same sequence of epochs.
 *
 * <pre>{@code
 * batches.startEpoch();
 * while (batches.next()) {
 *   network.forward(batches.x(), batches.size());
 * }
 * }</pre>
 */
public final class Batches {

  /**
   * Below this many floats a batch is copied on one thread: a helper would start about when the copy
   * ends. Above it, rows shuffled across a large dataset come from memory, one cache miss after
   * another, and two threads wait out two at a time.
   */
  private static final int PARALLEL_FLOATS = 1 << 14;

  private final Dataset data;
  private final int batchSize;
  private final Random random;
  private final int[] order;
  private final float[] x;
  private final float[] y;
  private final WorkerTeam.Task copyTask = this::copyPart;
  private int cursor;
  private int size;
  private int index = -1;

  /**
   * @param batchSize the largest batch, at least 1
   * @param shuffle whether each epoch visits the rows in a new random order
   * @param seed seeds the shuffling; ignored without shuffling
   */
  public Batches(Dataset data, int batchSize, boolean shuffle, long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.data = data;
    this.batchSize = batchSize;
    this.random = shuffle ? new Random(seed) : null;
    this.order = new int[data.rows()];
    this.x = new float[batchSize * data.featureCount()];
    this.y = new float[batchSize * data.targetWidth()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    cursor = order.length;
  }

  /** Starts a new epoch; when shuffling, draws this epoch's order. */
  public void startEpoch() {
    if (random != null) {
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
    }
    cursor = 0;
    index = -1;
    size = 0;
  }

  /** Copies the next batch into {@link #x()} and {@link #y()}; false when the epoch is over. */
  public boolean next() {
    return next(null);
  }

  /**
   * As {@link #next()}, the rows of a large batch shared between the threads of {@code workers} (null:
   * this thread copies them all). The batch is the same either way.
   */
  public boolean next(WorkerTeam workers) {
    if (cursor >= order.length) {
      size = 0;
      return false;
    }
    size = Math.min(batchSize, order.length - cursor);
    if (workers != null && size * (data.featureCount() + data.targetWidth()) >= PARALLEL_FLOATS) {
      workers.run(copyTask);
    } else {
      copyRows(0, size);
    }
    cursor += size;
    index++;
    return true;
  }

  private void copyPart(int part, int parts) {
    copyRows(WorkerTeam.start(size, part, parts, 1), WorkerTeam.start(size, part + 1, parts, 1));
  }

  /** Copies rows {@code from} to {@code to} (exclusive) of the current batch into its buffers. */
  private void copyRows(int from, int to) {
    int featureCount = data.featureCount();
    int targetWidth = data.targetWidth();
    float[] features = data.features();
    float[] targets = data.targets();
    for (int i = from; i < to; i++) {
      int row = order[cursor + i];
      System.arraycopy(features, row * featureCount, x, i * featureCount, featureCount);
      System.arraycopy(targets, row * targetWidth, y, i * targetWidth, targetWidth);
    }
  }

  /** Rows in the current batch. */
  public int size() {
    return size;
  }

  /** The 0-based index of the current batch within its epoch. */
  public int index() {
    return index;
  }

  /** Features of the current batch: the first {@code size() * featureCount} values are valid. */
  public float[] x() {
    return x;
  }

  /** Targets of the current batch: the first {@code size() * targetWidth} values are valid. */
  public float[] y() {
    return y;
  }

  /** The largest batch size. */
  public int batchSize() {
    return batchSize;
  }

  /** Batches in each epoch: ceil(rows / batchSize). */
  public int batchesPerEpoch() {
    return (data.rows() + batchSize - 1) / batchSize;
  }
}
