package dev.nnc.cli;

import dev.nnc.compiler.ir.DataSpec;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.data.CsvTable;
import dev.nnc.runtime.data.DataException;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.IdxReader;
import dev.nnc.runtime.data.LabelKind;
import dev.nnc.runtime.data.StandardScaler;
import dev.nnc.runtime.data.TrainTestSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The data section carried out: the CSV or IDX files read, split into training, validation and test
 * rows as scikit-learn's {@code train_test_split} would, and scaled with statistics of the training rows
 * only.
 *
 * @param train the training rows, scaled
 * @param validation the rows held out from training to monitor it (empty without a validation split)
 * @param test the held-out test rows, scaled (empty when the file asks for no test set)
 * @param scaler the fitted scaler (identity without {@code scale standard}; a constant factor for
 *     {@code scale divide N})
 * @param file how the data is named in messages
 * @param rows rows read in all
 */
record PreparedData(Dataset train, Dataset validation, Dataset test, StandardScaler scaler, String file, int rows) {

  /** Reads and prepares the data of {@code modelFile}; a known scaler (from weights) replaces fitting. */
  static PreparedData load(ModelFile modelFile, StandardScaler knownScaler) {
    return load(modelFile, knownScaler, Double.NaN);
  }

  /** As {@link #load(ModelFile, StandardScaler)}, with the validation fraction replaced unless NaN. */
  static PreparedData load(ModelFile modelFile, StandardScaler knownScaler, double validationFraction) {
    ModelSpec model = modelFile.model();
    DataSpec spec = model.data();
    Path base = modelFile.source().path() == null ? null : modelFile.source().path().getParent();
    Path location = base == null ? Path.of(spec.path()) : base.resolve(spec.path()).normalize();
    String display = location.toString();
    boolean idx = spec.format() == DataSpec.Format.IDX;
    if (!Files.exists(location)) {
      throw modelFile.dataError(spec.pathPosition(), (idx ? "data folder '" : "data file '") + spec.path()
          + "' not found (looked for " + display + ")" + (idx && spec.path().contains("fashion-mnist")
              ? "; install it with: apt-get install dataset-fashion-mnist" : ""));
    }
    if (idx ? !Files.isDirectory(location) : !Files.isRegularFile(location)) {
      throw modelFile.dataError(spec.pathPosition(), "'" + spec.path() + "' is not a " + (idx ? "folder" : "regular file"));
    }

    Dataset all;
    Dataset givenTest = null;
    if (idx) {
      all = IdxReader.readDataset(location.resolve(spec.idx().trainImages()), location.resolve(spec.idx().trainLabels()),
          spec.classes());
      if (spec.idx().testImages() != null) {
        givenTest = IdxReader.readDataset(location.resolve(spec.idx().testImages()),
            location.resolve(spec.idx().testLabels()), spec.classes());
      }
      if (all.featureCount() != model.inputShape().size()) {
        throw modelFile.dataError(spec.pathPosition(), "the images have " + all.featureCount()
            + " pixels but the network's input " + model.inputShape() + " takes " + model.inputShape().size());
      }
    } else {
      CsvTable table = CsvTable.read(location, display);
      all = Dataset.fromTable(table, spec.features(), spec.label(), labelKind(model), spec.classes());
    }

    int[] trainRows = IntStream.range(0, all.rows()).toArray();
    int[] testRows = new int[0];
    try {
      if (spec.testFraction() > 0) {
        TrainTestSplit split = TrainTestSplit.split(all.rows(), spec.testFraction(), spec.splitSeed());
        trainRows = split.train();
        testRows = split.test();
      }
      int[] validationRows = new int[0];
      double heldOut = Double.isNaN(validationFraction) ? spec.validationFraction() : validationFraction;
      if (heldOut > 0) {
        // Validation comes out of the training rows, as Keras's validation_split does.
        TrainTestSplit split = TrainTestSplit.split(trainRows.length, heldOut, spec.splitSeed())
            .within(trainRows);
        trainRows = split.train();
        validationRows = split.test();
      }
      Dataset train = all.rows(trainRows);
      Dataset validation = all.rows(validationRows);
      Dataset test = givenTest != null ? givenTest : all.rows(testRows);
      StandardScaler scaler = knownScaler != null ? knownScaler : fit(spec, train);
      for (Dataset d : new Dataset[] {train, validation, test}) {
        scaler.transform(d.features(), d.rows());
      }
      return new PreparedData(train, validation, test, scaler, display, all.rows());
    } catch (DataException e) {
      throw e.inFile(display);
    }
  }

  private static StandardScaler fit(DataSpec spec, Dataset train) {
    int features = train.featureCount();
    return switch (spec.scaling()) {
      case STANDARD -> StandardScaler.fit(train.features(), train.rows(), features);
      case NONE -> StandardScaler.identity(features);
      case DIVIDE -> {
        // x / d is the affine map (x - 0) / d, so it travels with the weights like any other scaler.
        float[] scale = new float[features];
        Arrays.fill(scale, (float) spec.divisor());
        yield new StandardScaler(new float[features], scale);
      }
    };
  }

  static LabelKind labelKind(ModelSpec model) {
    return switch (model.train() == null ? dev.nnc.compiler.ir.LossKind.MSE : model.train().loss()) {
      case BCE -> LabelKind.BINARY;
      case CROSS_ENTROPY -> LabelKind.CLASS_INDEX;
      case MSE, MAE, HUBER -> LabelKind.REGRESSION;
    };
  }
}
