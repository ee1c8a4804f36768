package dev.nnc.cli.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A run directory read back, for {@code nnc runs} and {@code nnc report}.
 *
 * @param outcome how the run ended, or null while it runs (or if it was killed)
 * @param diagram the architecture diagram's SVG, or null if the directory has none
 */
public record RunRecord(Path directory, RunInfo info, List<EpochRow> epochs, Outcome outcome, String diagram) {

  public String name() {
    return directory.getFileName().toString();
  }

  /** The epoch with the lowest validation loss, the first of equals; null without validation. */
  public EpochRow bestValidationEpoch() {
    EpochRow best = null;
    for (EpochRow row : epochs) {
      if (LineChart.present(row.validationLoss()) && (best == null || row.validationLoss() < best.validationLoss())) {
        best = row;
      }
    }
    return best;
  }

  /** Whether {@code directory} looks like a run: it has {@code hyperparameters.json}. */
  public static boolean isRun(Path directory) {
    return Files.isRegularFile(directory.resolve(RunDirectory.HYPERPARAMETERS));
  }

  /** Reads a run directory; a missing or damaged file is a {@link RunFileException} naming it. */
  public static RunRecord load(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new RunFileException(directory + ": error: no such run directory", null);
    }
    if (!isRun(directory)) {
      throw new RunFileException(directory + ": error: not a run directory (it has no "
          + RunDirectory.HYPERPARAMETERS + ")", null);
    }
    RunInfo info = read(directory.resolve(RunDirectory.HYPERPARAMETERS), RunInfo.class);
    Path metrics = directory.resolve(RunDirectory.METRICS_JSON);
    List<EpochRow> epochs = Files.exists(metrics)
        ? read(metrics, RunDirectory.MetricsLog.class).epochs()
        : List.of();
    Path outcome = directory.resolve(RunDirectory.OUTCOME);
    Path diagram = directory.resolve(RunDirectory.DIAGRAM);
    return new RunRecord(directory, info, epochs == null ? List.of() : epochs,
        Files.exists(outcome) ? read(outcome, Outcome.class) : null,
        Files.exists(diagram) ? text(diagram) : null);
  }

  private static <T> T read(Path file, Class<T> type) {
    String text = text(file);
    try {
      T value = RunDirectory.JSON.readValue(text, type);
      if (value == null) {
        throw new RunFileException(file + ": error: the file holds no " + type.getSimpleName(), null);
      }
      return value;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      throw new RunFileException(file + where + ": error: not a valid " + file.getFileName() + ": "
          + e.getOriginalMessage().lines().findFirst().orElse(""), e);
    }
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RunFileException(file + ": error: cannot read: " + RunDirectory.reason(e), e);
    }
  }
}
