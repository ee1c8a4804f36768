package dev.nnc.runtime.io;

/**
 * A weights file cannot be loaded: it is missing, not a weights file, of another format version,
 * truncated, corrupted, or made for another model.
 */
public final class WeightsFormatException extends WeightsFileException {

  private static final long serialVersionUID = 1L;

  /** @param displayName how the user named the file */
  public WeightsFormatException(String displayName, String text) {
    super(displayName, text);
  }
}
