package dev.nnc.runtime.data;

/**
 * A problem with the user's data, carrying one ready-to-print message in compiler style:
 * {@code data/student.csv:4: error: column 'sleep_hours' holds 'abc', which is not a number}.
 *
 * <p>The place is the file as the caller named it, plus the 1-based line where known (the header is
 * line 1). A message without a place reads {@code error: ...}; {@link #inFile} adds the file later, for
 * code such as {@link TrainTestSplit} that only sees row counts.
 */
public final class DataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String text;

  private DataException(String file, int line, String text) {
    super(format(file, line, text));
    this.file = file;
    this.line = line;
    this.text = text;
  }

  /** A problem not tied to a file. */
  public static DataException of(String text) {
    return new DataException(null, 0, text);
  }

  /** A problem with a file as a whole, e.g. a missing column. */
  public static DataException at(String file, String text) {
    return new DataException(file, 0, text);
  }

  /** A problem on one line of a file; {@code line} is 1-based, the header being line 1. */
  public static DataException at(String file, int line, String text) {
    if (line < 1) {
      throw new IllegalArgumentException("line numbers start at 1, got " + line);
    }
    return new DataException(file, line, text);
  }

  /** This problem placed in {@code file}, unless it already names a file. */
  public DataException inFile(String file) {
    return this.file != null ? this : new DataException(file, line, text);
  }

  /** The file as the caller named it, or null if the problem is not tied to a file. */
  public String file() {
    return file;
  }

  /** The 1-based line, or 0 if the problem is not tied to a line. */
  public int line() {
    return line;
  }

  /** What is wrong, without the place. */
  public String text() {
    return text;
  }

  private static String format(String file, int line, String text) {
    StringBuilder message = new StringBuilder();
    if (file != null) {
      message.append(file);
      if (line > 0) {
        message.append(':').append(line);
      }
      message.append(": ");
    }
    return message.append("error: ").append(text).toString();
  }
}
