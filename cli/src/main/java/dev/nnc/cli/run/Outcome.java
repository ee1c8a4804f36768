package dev.nnc.cli.run;

import java.util.List;

/**
 * How a run ended, written to {@code final.json}: its status, and the trained network measured on the
 * held-out data.
 *
 * @param status {@code completed}, {@code stopped early} or {@code failed}
 * @param message why the run failed, else null
 * @param epochs the epochs completed
 * @param seconds the training time, validation included
 * @param stoppedEpoch the epoch after which early stopping ended training, 0 if it did not
 * @param restoredEpoch the epoch whose weights early stopping restored, 0 if none
 * @param evaluation the final network on the test split (or the validation split without one), or null
 * @param weights the weights file in the run directory, or null if the run saved none
 */
public record Outcome(String status, String message, int epochs, double seconds, int stoppedEpoch,
    int restoredEpoch, Evaluated evaluation, String weights) {

  public static final String COMPLETED = "completed";
  public static final String STOPPED_EARLY = "stopped early";
  public static final String FAILED = "failed";

  /**
   * The trained network's metrics on one split. Classification fills the accuracy, the averaged
   * precision, recall and F1 (of the positive class for two classes, else macro averages), the
   * per-class scores and the confusion matrix (rows: actual class, columns: predicted class);
   * regression fills MSE, MAE and R². What does not apply is null.
   */
  public record Evaluated(String split, int rows, Double loss, Double accuracy, Double precision, Double recall,
      Double f1, List<ClassScore> classes, long[][] confusion, Double mse, Double mae, Double r2) {

    public boolean classifies() {
      return confusion != null;
    }

    /** The figure runs are compared by: accuracy for classifiers, R² for regression. */
    public Double headline() {
      return classifies() ? accuracy : r2;
    }
  }

  /** One class's row of the classification report. */
  public record ClassScore(String name, double precision, double recall, double f1, long support) {}
}
