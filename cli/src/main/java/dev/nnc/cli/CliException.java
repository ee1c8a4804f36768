package dev.nnc.cli;

/** A failure reported to the user as one message and an exit code, never a stack trace. */
final class CliException extends RuntimeException {

  /** The model (.nn file or its use) is wrong. */
  static final int MODEL_ERROR = 2;

  /** Data, weights or training failed. */
  static final int DATA_ERROR = 1;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
