package dev.nnc.runtime.io;

/**
 * A checkpoint cannot be written or used: it is missing, not a checkpoint, of another format
 * version, truncated, corrupted, or made for another model or training setup. The message is one
 * ready-to-print line naming the file: {@code run.nnck: error: truncated checkpoint: ...}.
 */
public final class CheckpointException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param displayName how the user named the file */
  public CheckpointException(String displayName, String text) {
    super(displayName + ": error: " + text);
  }

  CheckpointException(String displayName, String text, Throwable cause) {
    super(displayName + ": error: " + text, cause);
  }
}
