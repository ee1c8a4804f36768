package dev.nnc.runtime.data;

import java.util.List;

/**
 * Features and targets of a set of samples, as flat row-major float arrays ready for batching.
 *
 * <p>The arrays are shared, not copied, so that scaling can happen in place; nothing else should
 * change them. {@link #rows(int[])} gives an independent copy of a subset.
 */
public final class Dataset {

  private final float[] features;
  private final float[] targets;
  private final int rows;
  private final int featureCount;
  private final int targetWidth;
  private final List<String> featureNames;
  private final List<String> classNames;

  /**
   * @param features {@code rows * featureCount} values, row-major
   * @param targets {@code rows * targetWidth} values, row-major
   * @param featureNames one name per feature
   * @param classNames the class names for classification, empty for regression
   */
  public Dataset(float[] features, float[] targets, int rows, int featureCount, int targetWidth,
      List<String> featureNames, List<String> classNames) {
    if (rows < 0 || featureCount < 0 || targetWidth < 0) {
      throw new IllegalArgumentException("negative dataset dimension");
    }
    if (features.length != rows * featureCount) {
      throw new IllegalArgumentException(
          "features hold " + features.length + " values, expected " + rows + " * " + featureCount);
    }
    if (targets.length != rows * targetWidth) {
      throw new IllegalArgumentException(
          "targets hold " + targets.length + " values, expected " + rows + " * " + targetWidth);
    }
    if (featureNames.size() != featureCount) {
      throw new IllegalArgumentException(
          featureNames.size() + " feature names for " + featureCount + " features");
    }
    this.features = features;
    this.targets = targets;
    this.rows = rows;
    this.featureCount = featureCount;
    this.targetWidth = targetWidth;
    this.featureNames = List.copyOf(featureNames);
    this.classNames = List.copyOf(classNames);
  }

  /**
   * Reads features and labels from a CSV table.
   *
   * @param featureColumns the columns to use as features, in this order
   * @param labelColumn the column holding the label, or null for unlabelled data (target width 0)
   * @param kind how to read the label
   * @param classNames the class names declared in the model (index 0 first), or empty to take them
   *     from the data; exactly two for {@link LabelKind#BINARY} when given; ignored for regression
   * @throws DataException if a column is missing, a feature cell is not a finite number, or a label
   *     is not valid for {@code kind}
   */
  public static Dataset fromTable(CsvTable table, List<String> featureColumns, String labelColumn,
      LabelKind kind, List<String> classNames) {
    return new DatasetBuilder(table).build(featureColumns, labelColumn, kind, classNames);
  }

  /** The features, {@code rows() * featureCount()} values, row-major; shared, not copied. */
  public float[] features() {
    return features;
  }

  /** The targets, {@code rows() * targetWidth()} values, row-major; shared, not copied. */
  public float[] targets() {
    return targets;
  }

  /** Number of samples. */
  public int rows() {
    return rows;
  }

  /** Features per sample. */
  public int featureCount() {
    return featureCount;
  }

  /** Target values per sample: 1 for a label column, 0 for unlabelled data. */
  public int targetWidth() {
    return targetWidth;
  }

  /** The feature column names, in feature order. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** Class names by class index; empty for regression. */
  public List<String> classNames() {
    return classNames;
  }

  /** A new dataset holding copies of the given rows, in the given order (repeats allowed). */
  public Dataset rows(int[] indices) {
    float[] subsetFeatures = new float[indices.length * featureCount];
    float[] subsetTargets = new float[indices.length * targetWidth];
    for (int i = 0; i < indices.length; i++) {
      int row = indices[i];
      if (row < 0 || row >= rows) {
        throw new IndexOutOfBoundsException("row " + row + " of a dataset with " + rows + " rows");
      }
      System.arraycopy(features, row * featureCount, subsetFeatures, i * featureCount, featureCount);
      System.arraycopy(targets, row * targetWidth, subsetTargets, i * targetWidth, targetWidth);
    }
    return new Dataset(subsetFeatures, subsetTargets, indices.length, featureCount, targetWidth,
        featureNames, classNames);
  }
}
