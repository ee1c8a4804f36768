package dev.nnc.cli.run;

import dev.nnc.runtime.train.EpochResult;
import dev.nnc.runtime.train.TrainingListener;
import dev.nnc.runtime.train.TrainingPlan;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes every epoch to the run directory as it finishes ({@code metrics.csv}, {@code metrics.json}
 * and TensorBoard scalars), so a run that is interrupted or fails keeps its curves up to that point. A
 * resumed run starts with the checkpoint's earlier epochs, so its curves are complete.
 */
public final class RunRecorder implements TrainingListener, Closeable {

  private final RunDirectory directory;
  private final TensorBoardEvents events;
  private final List<EpochRow> rows = new ArrayList<>();

  /** @param events where TensorBoard scalars go, or null for none */
  public RunRecorder(RunDirectory directory, TensorBoardEvents events) {
    this.directory = directory;
    this.events = events;
  }

  @Override
  public void onTrainingStart(TrainingPlan plan) {
    plan.earlier().forEach(this::record);
  }

  @Override
  public void onEpochEnd(EpochResult result) {
    record(result);
  }

  /** The epochs recorded so far. */
  public List<EpochRow> rows() {
    return List.copyOf(rows);
  }

  private void record(EpochResult result) {
    EpochRow row = EpochRow.of(result);
    rows.add(row);
    directory.recordEpoch(row, rows);
    if (events == null) {
      return;
    }
    double now = System.currentTimeMillis() / 1000.0;
    try {
      scalar("loss/train", result.epoch(), result.trainLoss(), now);
      scalar("loss/validation", result.epoch(), result.validationLoss(), now);
      scalar("accuracy/train", result.epoch(), result.trainAccuracy(), now);
      scalar("accuracy/validation", result.epoch(), result.validationAccuracy(), now);
      scalar("learning_rate", result.epoch(), (float) result.learningRate(), now);
      if (result.penalty() != 0) {
        scalar("loss/penalty", result.epoch(), result.penalty(), now);
      }
      events.flush();
    } catch (IOException e) {
      throw new RunFileException(directory.path() + ": error: cannot write TensorBoard events: "
          + RunDirectory.reason(e), e);
    }
  }

  /** Values that do not apply to this run (NaN) are left out rather than plotted as gaps. */
  private void scalar(String tag, int epoch, float value, double wallTime) throws IOException {
    if (!Float.isNaN(value)) {
      events.scalar(tag, epoch, value, wallTime);
    }
  }

  @Override
  public void close() throws IOException {
    if (events != null) {
      events.close();
    }
  }
}
