package dev.nnc.cli.run;

import dev.nnc.runtime.train.EpochResult;

/**
 * One epoch in {@code metrics.json} and {@code metrics.csv}. Values that do not apply (validation
 * without a validation set, accuracy for regression) are null rather than NaN, which JSON lacks.
 */
public record EpochRow(int epoch, Double trainLoss, Double trainAccuracy, Double penalty,
    Double validationLoss, Double validationAccuracy, double learningRate, double seconds) {

  /** The CSV header, in the order of the record's components. */
  static final String CSV_HEADER =
      "epoch,train_loss,train_accuracy,penalty,val_loss,val_accuracy,learning_rate,seconds";

  static EpochRow of(EpochResult result) {
    return new EpochRow(result.epoch(), RunDirectory.jsonNumber(result.trainLoss()),
        RunDirectory.jsonNumber(result.trainAccuracy()), RunDirectory.jsonNumber(result.penalty()),
        RunDirectory.jsonNumber(result.validationLoss()), RunDirectory.jsonNumber(result.validationAccuracy()),
        result.learningRate(), Math.round(result.seconds() * 1000) / 1000.0);
  }

  String csvLine() {
    return epoch + "," + csv(trainLoss) + "," + csv(trainAccuracy) + "," + csv(penalty) + ","
        + csv(validationLoss) + "," + csv(validationAccuracy) + "," + learningRate + "," + seconds;
  }

  private static String csv(Double value) {
    return value == null ? "" : value.toString();
  }
}
