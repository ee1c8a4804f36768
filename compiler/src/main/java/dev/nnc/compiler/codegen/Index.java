package dev.nnc.compiler.codegen;

import java.util.ArrayList;
import java.util.List;

/** Builds readable index expressions such as {@code DENSE1_WEIGHT + k * 16 + j}, folding constants. */
final class Index {

  private Index() {}

  /** The sum of the terms: numbers (or numeric strings) are added up, zero terms dropped. */
  static String sum(Object... terms) {
    List<String> parts = new ArrayList<>();
    long constant = 0;
    for (Object term : terms) {
      String text = term == null ? "" : term.toString();
      if (text.matches("-?\\d+")) {
        constant += Long.parseLong(text);
      } else if (!text.isEmpty()) {
        parts.add(text);
      }
    }
    if (constant < 0 && !parts.isEmpty()) {
      return String.join(" + ", parts) + " - " + -constant;
    }
    if (constant != 0 || parts.isEmpty()) {
      parts.add(Long.toString(constant));
    }
    return String.join(" + ", parts);
  }

  /** {@code variable * factor}, computed when the variable is a number, bare when the factor is 1. */
  static String times(String variable, int factor) {
    if (variable.matches("-?\\d+")) {
      return Long.toString(Long.parseLong(variable) * factor);
    }
    return factor == 1 ? variable : variable + " * " + factor;
  }
}
