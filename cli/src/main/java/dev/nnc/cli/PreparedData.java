package dev.nnc.cli;

import dev.nnc.compiler.ir.DataSpec;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.data.CsvTable;
import dev.nnc.runtime.data.DataException;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.LabelKind;
import dev.nnc.runtime.data.StandardScaler;
import dev.nnc.runtime.data.TrainTestSplit;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data section carried out: the CSV read, split into training and test rows as scikit-learn's
 * {@code train_test_split} would, and scaled with statistics of the training rows only.
 *
 * @param train the training rows, scaled
 * @param test the held-out rows, scaled (empty when the file asks for no split)
 * @param scaler the fitted scaler (identity without {@code scale standard})
 * @param file how the CSV file is named in messages
 * @param rows rows in the file
 */
record PreparedData(Dataset train, Dataset test, StandardScaler scaler, String file, int rows) {

  /** Reads and prepares the data of {@code modelFile}; a known scaler (from weights) replaces fitting. */
  static PreparedData load(ModelFile modelFile, StandardScaler knownScaler) {
    ModelSpec model = modelFile.model();
    DataSpec spec = model.data();
    Path base = modelFile.source().path() == null ? Path.of("") : modelFile.source().path().getParent();
    Path csv = base == null ? Path.of(spec.path()) : base.resolve(spec.path()).normalize();
    String display = csv.toString();
    if (!Files.exists(csv)) {
      throw modelFile.dataError(spec.pathPosition(), "data file '" + spec.path() + "' not found (looked for " + display + ")");
    }
    if (!Files.isRegularFile(csv)) {
      throw modelFile.dataError(spec.pathPosition(), "data file '" + spec.path() + "' is not a regular file");
    }
    CsvTable table = CsvTable.read(csv, display);
    Dataset all = Dataset.fromTable(table, spec.features(), spec.label(), labelKind(model), spec.classes());
    int[] trainRows;
    int[] testRows;
    if (spec.testFraction() > 0) {
      TrainTestSplit split;
      try {
        split = TrainTestSplit.split(all.rows(), spec.testFraction(), spec.splitSeed());
      } catch (DataException e) {
        throw e.inFile(display);
      }
      trainRows = split.train();
      testRows = split.test();
    } else {
      trainRows = java.util.stream.IntStream.range(0, all.rows()).toArray();
      testRows = new int[0];
    }
    Dataset train = all.rows(trainRows);
    Dataset test = all.rows(testRows);
    StandardScaler scaler = knownScaler;
    if (scaler == null) {
      scaler = spec.scaling() == DataSpec.Scaling.STANDARD
          ? StandardScaler.fit(train.features(), train.rows(), train.featureCount())
          : StandardScaler.identity(train.featureCount());
    }
    scaler.transform(train.features(), train.rows());
    scaler.transform(test.features(), test.rows());
    return new PreparedData(train, test, scaler, display, all.rows());
  }

  static LabelKind labelKind(ModelSpec model) {
    return switch (model.train() == null ? dev.nnc.compiler.ir.LossKind.MSE : model.train().loss()) {
      case BCE -> LabelKind.BINARY;
      case CROSS_ENTROPY -> LabelKind.CLASS_INDEX;
      case MSE -> LabelKind.REGRESSION;
    };
  }
}
