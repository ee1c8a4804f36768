package dev.nnc.runtime.io;

/**
 * A weights file cannot be written or used. The message is one ready-to-print line naming the file:
 * {@code out/model.nnw: error: cannot write weights file: permission denied}.
 */
public class WeightsFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param displayName how the user named the file */
  public WeightsFileException(String displayName, String text) {
    super(displayName + ": error: " + text);
  }

  WeightsFileException(String displayName, String text, Throwable cause) {
    super(displayName + ": error: " + text, cause);
  }
}
