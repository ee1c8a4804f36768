package dev.nnc.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Adds imports for the Vector API types that kernels name in their code text. Kernel statements are
 * written as readable templates ("FloatVector acc0 = FloatVector.fromArray(...)") rather than threaded
 * through JavaPoet's {@code $T}, so the imports are completed here, keeping JavaPoet's sorted order.
 */
final class Imports {

  private Imports() {}

  static final List<String> VECTOR_TYPES = List.of(
      "jdk.incubator.vector.FloatVector",
      "jdk.incubator.vector.IntVector",
      "jdk.incubator.vector.VectorMask",
      "jdk.incubator.vector.VectorOperators",
      "jdk.incubator.vector.VectorShuffle",
      "jdk.incubator.vector.VectorSpecies");

  static String complete(String source) {
    List<String> lines = new ArrayList<>(source.lines().toList());
    TreeSet<String> imports = new TreeSet<>();
    int first = -1;
    int last = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("import ")) {
        imports.add(lines.get(i));
        first = first < 0 ? i : first;
        last = i;
      }
    }
    String body = String.join("\n", lines.subList(last + 1, lines.size()));
    boolean added = false;
    for (String type : VECTOR_TYPES) {
      String simple = type.substring(type.lastIndexOf('.') + 1);
      if (Pattern.compile("\\b" + simple + "\\b").matcher(body).find() && imports.add("import " + type + ";")) {
        added = true;
      }
    }
    if (!added) {
      return source;
    }
    if (first < 0) {
      throw new IllegalStateException("generated source has no import block");
    }
    List<String> result = new ArrayList<>(lines.subList(0, first));
    result.addAll(imports);
    result.addAll(lines.subList(last + 1, lines.size()));
    return String.join("\n", result) + "\n";
  }
}
