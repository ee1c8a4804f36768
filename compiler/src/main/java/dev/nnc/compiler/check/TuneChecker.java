package dev.nnc.compiler.check;

import dev.nnc.compiler.check.Syntax.Statement;
import dev.nnc.compiler.check.Syntax.Value;
import dev.nnc.compiler.ir.TuneSpec;
import dev.nnc.grammar.NNParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code tune} section: a grid of values ({@code lr 0.001, 0.01}) or a range
 * ({@code lr log(1e-4, 1e-1)}) per hyperparameter, {@code trials}/{@code search_seed} for random
 * search, and the {@code validation} fraction to rank on when the data has no validation split.
 */
final class TuneChecker {

  private final ModelChecker checker;

  TuneChecker(ModelChecker checker) {
    this.checker = checker;
  }

  TuneSpec tune(NNParser.TuneSectionContext section) {
    Map<String, List<Double>> grid = new LinkedHashMap<>();
    Map<String, TuneSpec.Range> ranges = new LinkedHashMap<>();
    int trials = 0;
    double validation = 0;
    long seed = 0;
    List<String> known = new ArrayList<>(TuneSpec.TUNABLE);
    known.add("trials");
    known.add("search_seed");
    known.add("validation");
    Set<String> seen = new HashSet<>();
    int errorsBefore = checker.errorCount();
    for (Statement s : Syntax.statements(section.block())) {
      if (!checker.knownOnce(s, "tune setting", known, seen, new HashSet<>()) || !checker.noParameters(s)) {
        continue;
      }
      List<Value> values = s.values();
      if (s.name().equals("trials")) {
        Value v = checker.single(s, values, "the number of random trials");
        Long n = v == null ? null : checker.integer(v, "trials", 1, 100_000);
        trials = n == null ? trials : n.intValue();
        continue;
      }
      if (s.name().equals("validation")) {
        Value v = checker.single(s, values, "the fraction of training rows to rank trials on");
        Double f = v == null ? null : checker.number(v, "the validation fraction");
        if (f != null && !(f > 0 && f < 1)) {
          checker.error(v.position(), "the validation fraction must be between 0 and 1 (exclusive), got " + v.text());
        } else if (f != null) {
          validation = f;
        }
        continue;
      }
      if (s.name().equals("search_seed")) {
        Value v = checker.single(s, values, "the seed of the random draws");
        Long n = v == null ? null : checker.integer(v, "search_seed", 0, Long.MAX_VALUE);
        seed = n == null ? seed : n;
        continue;
      }
      if (values.isEmpty()) {
        checker.error(s.position(), "'" + s.name() + "' needs values to try (0.001, 0.01) or a range (log(1e-4, 1e-1))");
        continue;
      }
      Value first = values.get(0);
      if (first.isName() && (first.text().equals("log") || first.text().equals("uniform"))) {
        TuneSpec.Range range = range(first);
        if (values.size() > 1) {
          checker.error(values.get(1).position(), "a range stands alone: " + s.name() + " " + first.text() + "(lo, hi)");
        } else if (range != null) {
          ranges.put(s.name(), range);
        }
        continue;
      }
      List<Double> list = new ArrayList<>();
      for (Value v : values) {
        Double d = checker.number(v, "a value of " + s.name());
        if (d != null) {
          list.add(d);
        }
      }
      if (list.size() == values.size()) {
        grid.put(s.name(), list);
      }
    }
    if (checker.errorCount() > errorsBefore) {
      // The section's own mistakes are reported; an emptied search would only echo them.
      return null;
    }
    if (grid.isEmpty() && ranges.isEmpty()) {
      checker.error(Syntax.position(section.getStart()), "the tune section names no hyperparameter to search");
      return null;
    }
    if (!ranges.isEmpty() && trials == 0) {
      checker.error(Syntax.position(section.getStart()), "ranges are sampled: say how many settings to try with 'trials N'");
      return null;
    }
    return new TuneSpec(grid, ranges, trials, validation, seed);
  }

  private TuneSpec.Range range(Value v) {
    List<Syntax.Parameter> p = v.parameters();
    if (p == null || p.size() != 2 || p.get(0).name() != null || p.get(1).name() != null) {
      checker.error(v.position(), "write " + v.text() + "(lo, hi)");
      return null;
    }
    Double low = checker.number(p.get(0).value(), "the low end");
    Double high = checker.number(p.get(1).value(), "the high end");
    if (low == null || high == null) {
      return null;
    }
    boolean log = v.text().equals("log");
    if (!(low < high) || (log && !(low > 0))) {
      checker.error(v.position(), v.text() + "(lo, hi) needs lo < hi" + (log ? " and lo > 0" : ""));
      return null;
    }
    return new TuneSpec.Range(log, low, high);
  }
}
