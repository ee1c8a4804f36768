package dev.nnc.maven.generation;

import java.util.List;

/**
 * The user's models, weights or configuration are wrong; the message holds every problem found, each
 * as the compiler renders it ({@code file:line:col: error: ...}, source line, caret).
 */
public final class ModelErrors extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ModelErrors(List<String> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String summary(List<String> problems) {
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return "nnc found " + count + ":\n" + String.join("\n", problems);
  }
}
