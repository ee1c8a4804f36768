package dev.nnc.compiler.diag;

import java.util.Collection;

/** "Did you mean" hints for misspelt names in {@code .nn} files. */
public final class Suggestions {

  private Suggestions() {}

  /** " (did you mean 'x'?)" when a candidate is a plausible typo of {@code word}, else "". */
  public static String didYouMean(String word, Collection<String> candidates) {
    return dev.nnc.runtime.data.Suggestions.closest(word, candidates)
        .map(s -> " (did you mean '" + s + "'?)")
        .orElse("");
  }
}
