package dev.nnc.compiler.torch;

import dev.nnc.runtime.ParameterBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares nnc's numbers with PyTorch's, element by element:
 *
 * <pre>
 * |nnc - torch| <= relative * max(|torch|, floor),   floor = max(0.2 * max_i |torch_i|, 1e-6)
 * </pre>
 *
 * with {@code relative} 1e-5 for forward values, running statistics, the loss and gradients, and 1e-4
 * after three optimizer steps. It keeps the largest relative difference seen per category for the
 * summary printed after the tests.
 *
 * <p>Why a floor tied to the tensor's scale. Both sides are float32 (float32's epsilon is 6e-8). An
 * element much smaller than its tensor's largest is the sum of much larger terms that nearly cancel: a
 * weight gradient summed over the batch, a logit from a dot product of 17 inputs, a BatchNorm input
 * gradient {@code n dy - sum dy - xhat sum(dy xhat)} over a batch of 4. Its rounding error is
 * float32's epsilon times the size of those terms, which is the size of the tensor, not of the element;
 * no float32 implementation matches another to 1e-5 of such an element. Measured with
 * {@code make_reference.py --float64-report} (PyTorch's own float32 results against the same
 * computation in float64, under this formula): with a fixed absolute floor of 1e-3, as first tried,
 * PyTorch itself is up to 5.5e-5 away from the exact values (5e-5 on gradients, 2.3e-5 on logits;
 * BatchNorm shift gradients that are analytically zero come out as +-3e-8), so a correct nnc could not
 * pass, and indeed nnc and PyTorch then differ by up to 5.9e-5. With the floor at 0.2 of the tensor's
 * largest magnitude PyTorch's own error stays below half of the 1e-5 budget in every case: at most
 * 1.6e-6 here, and 4.4e-6 in an earlier, differently seeded generation of the cases, where 0.1 still
 * let it reach 8.8e-6 on one BatchNorm gradient. An element below a fifth of its tensor's largest may
 * thus differ by {@code 2e-6 * max|tensor|}, some 20 float32 steps at that scale; the errors this
 * is meant to catch (a wrong term, a missing factor, a forgotten mask, a 0.1 % change of a
 * hyperparameter) show up as relative differences of 1e-4 to 1. Elements above the floor are held to
 * the full relative tolerance. The absolute 1e-6 only guards tensors that are all but zero.
 */
final class Agreement {

  /** Forward outputs, logits, running statistics, the loss and the gradients: relative 1e-5. */
  static final double FIRST_ORDER = 1e-5;

  /** Parameters, running statistics and losses after three optimizer steps: relative 1e-4. */
  static final double AFTER_STEPS = 1e-4;

  /** The floor's fraction of the tensor's largest magnitude. */
  static final double SCALE_FRACTION = 0.2;

  /** The smallest floor, for tensors that are all (nearly) zero. */
  static final double ABSOLUTE_FLOOR = 1e-6;

  private static final Map<String, Double> LARGEST = new TreeMap<>();
  private static final Map<String, String> WHERE = new TreeMap<>();

  private Agreement() {}

  /** The floor for a tensor whose values PyTorch computed as {@code expected}. */
  static double floor(float[] expected, int length) {
    double scale = 0;
    for (int i = 0; i < length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    return Math.max(ABSOLUTE_FLOOR, SCALE_FRACTION * scale);
  }

  /** The relative difference of one element under {@code floor}. */
  static double difference(double actual, double expected, double floor) {
    return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor);
  }

  /**
   * Returns a description of the elements of {@code actual} (nnc) that disagree with {@code expected}
   * (PyTorch), at most a few, or an empty list; records the largest difference under
   * {@code category} for the summary, as {@code where} (the case and flavour).
   */
  static List<String> compare(String category, String where, String what, float[] actual, float[] expected,
      int length, double relative) {
    List<String> problems = new ArrayList<>();
    if (expected.length != length) {
      problems.add(what + ": the reference holds " + expected.length + " values, expected " + length);
      return problems;
    }
    if (actual.length < length) {
      problems.add(what + ": nnc has " + actual.length + " values, expected " + length);
      return problems;
    }
    double floor = floor(expected, length);
    double worst = 0;
    int worstAt = -1;
    int bad = 0;
    for (int i = 0; i < length; i++) {
      double difference = difference(actual[i], expected[i], floor);
      if (!(difference <= relative)) {
        bad++;
        if (problems.size() < 6) {
          problems.add(String.format(Locale.ROOT, "%s[%d]: nnc %.9g, PyTorch %.9g (relative difference %.3g > %.0e)",
              what, i, actual[i], expected[i], difference, relative));
        }
      }
      if (!(difference <= worst)) {
        worst = difference;
        worstAt = i;
      }
    }
    if (bad > problems.size()) {
      problems.add(what + ": " + (bad - problems.size()) + " more of " + length + " disagree");
    }
    if (length > 0) {
      record(category, worst, where + " " + what + "[" + worstAt + "]");
    }
    return problems;
  }

  static List<String> compare(String category, String where, String what, float actual, float expected,
      double relative) {
    return compare(category, where, what, new float[] {actual}, new float[] {expected}, 1, relative);
  }

  /** The names of the blocks of {@code layout} holding an element that disagrees. */
  static List<String> disagreeingBlocks(List<ParameterBlock> layout, float[] actual, float[] expected,
      double relative) {
    double floor = floor(expected, expected.length);
    List<String> names = new ArrayList<>();
    for (ParameterBlock block : layout) {
      for (int i = block.offset(); i < block.offset() + block.length(); i++) {
        if (!(difference(actual[i], expected[i], floor) <= relative)) {
          names.add(block.name());
          break;
        }
      }
    }
    return names;
  }

  private static synchronized void record(String category, double difference, String where) {
    if (!(LARGEST.getOrDefault(category, -1.0) >= difference)) {
      LARGEST.put(category, difference);
      WHERE.put(category, where);
    }
  }

  /** The largest relative difference seen per category, one line each. */
  static synchronized String summary() {
    StringBuilder out = new StringBuilder("largest relative differences from PyTorch:\n");
    LARGEST.forEach((category, difference) -> out.append(String.format(Locale.ROOT, "  %-34s %.3g  (%s)%n",
        category, difference, WHERE.get(category))));
    return out.toString();
  }
}
