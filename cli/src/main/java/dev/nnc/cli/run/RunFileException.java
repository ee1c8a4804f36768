package dev.nnc.cli.run;

/** A run directory's file that cannot be written or read back; the message names the file. */
public final class RunFileException extends RuntimeException {

  public RunFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
