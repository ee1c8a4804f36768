package dev.nnc.cli.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.nnc.runtime.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * One training run's directory, {@code runs/<model>-<yyyyMMdd-HHmmss>/}, like TensorBoard's and
 * PyTorch's {@code runs/}: the run's hyperparameters, its metrics as they arrive (so an interrupted run
 * keeps its curves), how it ended, its weights, the architecture diagram and the HTML report.
 */
public final class RunDirectory {

  public static final String HYPERPARAMETERS = "hyperparameters.json";
  public static final String METRICS_CSV = "metrics.csv";
  public static final String METRICS_JSON = "metrics.json";
  public static final String OUTCOME = "final.json";
  public static final String WEIGHTS = "weights.nnw";
  public static final String DIAGRAM = "model.svg";
  public static final String REPORT = "report.html";

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final Path path;

  private RunDirectory(Path path) {
    this.path = path;
  }

  /**
   * Creates {@code <runs>/<model>-<timestamp>}, adding {@code -2}, {@code -3}, ... when another run of
   * the model started in the same second. Never reuses an existing directory.
   */
  public static RunDirectory create(Path runs, String model, ZonedDateTime started) {
    String base = safeName(model) + "-" + STAMP.format(started);
    try {
      Files.createDirectories(runs);
      for (int n = 1; ; n++) {
        Path candidate = runs.resolve(n == 1 ? base : base + "-" + n);
        try {
          return new RunDirectory(Files.createDirectory(candidate));
        } catch (FileAlreadyExistsException taken) {
          // another run of this model started in the same second: try the next suffix
        }
      }
    } catch (IOException e) {
      throw new RunFileException(runs + ": error: cannot create a run directory: " + reason(e), e);
    }
  }

  /** The model's name made safe for a directory name: letters, digits, '.', '_' and '-'. */
  static String safeName(String model) {
    String safe = model.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() || safe.startsWith(".") ? "model" + safe : safe;
  }

  public Path path() {
    return path;
  }

  public String name() {
    return path.getFileName().toString();
  }

  public void writeInfo(RunInfo info) {
    writeJson(HYPERPARAMETERS, info);
  }

  /** Appends one epoch to {@code metrics.csv} (writing the header first) and rewrites {@code metrics.json}. */
  void recordEpoch(EpochRow row, List<EpochRow> all) {
    Path csv = path.resolve(METRICS_CSV);
    try {
      if (!Files.exists(csv)) {
        Files.writeString(csv, EpochRow.CSV_HEADER + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      }
      Files.writeString(csv, row.csvLine() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new RunFileException(csv + ": error: cannot write: " + reason(e), e);
    }
    writeJson(METRICS_JSON, new MetricsLog(all));
  }

  public void writeOutcome(Outcome outcome) {
    writeJson(OUTCOME, outcome);
  }

  public void writeText(String file, String text) {
    Path target = path.resolve(file);
    try {
      AtomicFile.write(target, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RunFileException(target + ": error: cannot write: " + reason(e), e);
    }
  }

  private void writeJson(String file, Object value) {
    try {
      writeText(file, JSON.writeValueAsString(value) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * A float for the JSON files: its shortest decimal form as a double (0.41234, not
   * 0.4123400092124939), or null for NaN, which JSON lacks.
   */
  public static Double jsonNumber(float value) {
    return Float.isNaN(value) ? null : Double.valueOf(Float.toString(value));
  }

  /** The epochs of {@code metrics.json}. */
  public record MetricsLog(List<EpochRow> epochs) {}

  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return e.getMessage() + " exists and is not a directory";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
