package dev.nnc.runtime.parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which parameters each part of a split optimizer step updates, so that each thread updates what its
 * cache already holds. A generated network leaves the rows of a weight matrix with one thread: that
 * thread computed their gradients and, where the forward pass is split by inputs, was the only one to
 * read them. Were the other thread to update them, each write would first have to take the cache line
 * back from the thread that holds it: on the two-core machine of bench/RESULTS.md, Adam over W3's
 * parameters took 46 us on two threads that own their halves, and 115-170 us (more than one thread's
 * 90) after both threads had read all of them.
 *
 * <p>A split is a list of pieces covering the parameters: {@linkplain Rows row blocks}, each part taking
 * the rows {@link WorkerTeam#start} gives it in whole blocks of the network's split block, and the
 * parameters between them (biases, normalization parameters), split evenly in whole cache lines.
 * Instances are immutable and {@link #forEachRange} allocates nothing.
 */
public final class ParameterSplit {

  /** Rows of a weight matrix: {@code rows} rows of {@code rowLength} parameters from {@code offset}. */
  public record Rows(int offset, int rows, int rowLength) {
    public Rows {
      if (offset < 0 || rows < 1 || rowLength < 1) {
        throw new IllegalArgumentException("bad row block: offset " + offset + ", " + rows + " rows of " + rowLength);
      }
    }

    int end() {
      return Math.addExact(offset, Math.multiplyExact(rows, rowLength));
    }
  }

  /** The update of one range of parameters, {@code from} to {@code to} (exclusive). */
  @FunctionalInterface
  public interface Range {
    void update(int from, int to);
  }

  /** Parameters between row blocks are split in whole blocks of this many: one 64-byte cache line. */
  private static final int EVEN_BLOCK = 16;

  /** {@code units} units of {@code unitLength} parameters from {@code offset}, split in blocks of {@code block} units. */
  private record Piece(int offset, int units, int unitLength, int block) {}

  private final int length;
  private final Piece[] pieces;

  private ParameterSplit(int length, List<Piece> pieces) {
    this.length = length;
    this.pieces = pieces.toArray(new Piece[0]);
  }

  /** {@code length} parameters split evenly, for a network that leaves no rows with a thread. */
  public static ParameterSplit even(int length) {
    return byRows(length, 1);
  }

  /**
   * {@code length} parameters whose {@code owned} row blocks are split by rows, {@code rowBlock} rows at
   * a time (the network's split of its weight gradients), the rest evenly.
   *
   * @throws IllegalArgumentException if a block reaches past {@code length} or two blocks overlap
   */
  public static ParameterSplit byRows(int length, int rowBlock, Rows... owned) {
    if (length < 0 || rowBlock < 1) {
      throw new IllegalArgumentException("bad split: " + length + " parameters, row block " + rowBlock);
    }
    Rows[] sorted = owned.clone();
    Arrays.sort(sorted, Comparator.comparingInt(Rows::offset));
    List<Piece> pieces = new ArrayList<>();
    int next = 0;
    for (Rows rows : sorted) {
      if (rows.offset() < next || rows.end() > length) {
        throw new IllegalArgumentException("row block " + rows + " overlaps another or ends past " + length
            + " parameters");
      }
      if (rows.offset() > next) {
        pieces.add(new Piece(next, rows.offset() - next, 1, EVEN_BLOCK));
      }
      pieces.add(new Piece(rows.offset(), rows.rows(), rows.rowLength(), rowBlock));
      next = rows.end();
    }
    if (next < length) {
      pieces.add(new Piece(next, length - next, 1, EVEN_BLOCK));
    }
    return new ParameterSplit(length, pieces);
  }

  /** How many parameters the split covers. */
  public int length() {
    return length;
  }

  /** Calls {@code range} for each range of parameters part {@code part} of {@code parts} updates, in order. */
  public void forEachRange(int part, int parts, Range range) {
    for (Piece piece : pieces) {
      int from = WorkerTeam.start(piece.units(), part, parts, piece.block());
      int to = WorkerTeam.start(piece.units(), part + 1, parts, piece.block());
      if (from < to) {
        range.update(piece.offset() + from * piece.unitLength(), piece.offset() + to * piece.unitLength());
      }
    }
  }
}
