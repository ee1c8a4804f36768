package dev.nnc.compiler.check;

import java.util.Set;
import javax.lang.model.SourceVersion;

/** Maps names from {@code .nn} files to Java identifiers; nothing from a file reaches source unchecked. */
public final class JavaNames {

  private JavaNames() {}

  /** Types the generated class refers to, which a model's class name must not shadow. */
  private static final Set<String> RESERVED_TYPES =
      Set.of("Network", "Loss", "Losses", "ParameterBlock", "FloatVector", "IntVector", "VectorSpecies",
          "VectorOperators", "VectorMask", "VectorShuffle", "List", "Math", "Object", "String", "Override");

  /**
   * An upper-camel-case class name: {@code student_performance} becomes {@code StudentPerformance}.
   * Names that would not be valid Java (keywords, clashes) get a {@code Model} prefix.
   */
  public static String className(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = true;
    for (char c : name.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else if (Character.isLetterOrDigit(c) && c < 128) {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    String candidate = out.toString();
    if (candidate.isEmpty() || !Character.isLetter(candidate.charAt(0))
        || !SourceVersion.isName(candidate) || RESERVED_TYPES.contains(candidate)) {
      candidate = "Model" + candidate;
    }
    return candidate;
  }

  /**
   * True if a generated class of this simple name would hide a type its own code refers to by that
   * name ({@code Math}, {@code FloatVector}, ...), so that the code would no longer compile.
   */
  public static boolean hidesAUsedType(String name) {
    return RESERVED_TYPES.contains(name);
  }

  /** True if {@code name} can be a class's simple name: an identifier, not a keyword. */
  public static boolean isClassName(String name) {
    return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name);
  }

  /** True if {@code name} can be used as a Java package name. */
  public static boolean isPackageName(String name) {
    return name.isEmpty() || SourceVersion.isName(name);
  }
}
