package dev.nnc.compiler.ir;

import dev.nnc.compiler.diag.Position;
import java.util.List;

/**
 * The {@code data} section: where the examples come from and how they are prepared.
 *
 * @param path the CSV path as written, relative to the {@code .nn} file
 * @param pathPosition where the path is written, for data errors
 * @param features feature column names, in input order
 * @param label the label column
 * @param classes class names by index; empty when the data names them (or for regression)
 * @param testFraction fraction of rows held out for testing (0 for none)
 * @param splitSeed seed of the split's shuffle, as scikit-learn's {@code random_state}
 * @param scaling feature scaling fitted on the training part
 */
public record DataSpec(
    String path,
    Position pathPosition,
    List<String> features,
    String label,
    List<String> classes,
    double testFraction,
    long splitSeed,
    Scaling scaling) {

  /** Feature scaling. */
  public enum Scaling {
    NONE("none"),
    STANDARD("standard");

    private final String keyword;

    Scaling(String keyword) {
      this.keyword = keyword;
    }

    public String keyword() {
      return keyword;
    }
  }
}
