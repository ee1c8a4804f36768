package dev.nnc.compiler.ir;

import dev.nnc.compiler.diag.Position;
import java.util.List;

/**
 * The {@code data} section: where the examples come from and how they are prepared.
 *
 * @param format how the examples are stored
 * @param path the CSV file, or the folder of the IDX files, as written (relative to the {@code .nn} file)
 * @param pathPosition where the path is written, for data errors
 * @param features feature column names, in input order (CSV only)
 * @param label the label column (CSV only)
 * @param classes class names by index; empty when the data names them (or for regression)
 * @param idx the IDX files (IDX only)
 * @param testFraction fraction of rows held out for testing (0 for none, or when IDX names a test set)
 * @param validationFraction fraction of the training rows held out for validation (0 for none)
 * @param splitSeed seed of the splits' shuffles, as scikit-learn's {@code random_state}
 * @param scaling feature scaling, fitted on the training part
 * @param divisor what {@link Scaling#DIVIDE} divides by (pixel values by 255)
 */
public record DataSpec(
    Format format,
    String path,
    Position pathPosition,
    List<String> features,
    String label,
    List<String> classes,
    IdxFiles idx,
    double testFraction,
    double validationFraction,
    long splitSeed,
    Scaling scaling,
    double divisor) {

  /** How the examples are stored. */
  public enum Format {
    /** A table with a header line; features and label are columns. */
    CSV,
    /** MNIST-style IDX files (optionally gzipped): images and their class labels. */
    IDX
  }

  /**
   * The IDX files, relative to the data folder.
   *
   * @param testImages null when the test set is split off the training files instead
   */
  public record IdxFiles(String trainImages, String trainLabels, String testImages, String testLabels) {}

  /** Feature scaling. */
  public enum Scaling {
    NONE("none"),
    STANDARD("standard"),
    DIVIDE("divide");

    private final String keyword;

    Scaling(String keyword) {
      this.keyword = keyword;
    }

    public String keyword() {
      return keyword;
    }
  }
}
