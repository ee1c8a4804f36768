package dev.nnc.runtime.data;

/** How the label column of a data file is read into targets. */
public enum LabelKind {
  /** Two classes, stored as target 0 or 1 (for a sigmoid output with binary cross-entropy). */
  BINARY,
  /** Any number of classes, stored as the class index (for a softmax output with cross-entropy). */
  CLASS_INDEX,
  /** A number to predict, stored as is. */
  REGRESSION
}
