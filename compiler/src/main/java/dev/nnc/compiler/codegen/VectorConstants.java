package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;

/**
 * The masks and shuffles the kernels of one class use, each emitted once as a {@code static final}
 * field: C2 treats those as constants, so a masked load or a lane shift costs one instruction.
 */
final class VectorConstants {

  private final SortedSet<Integer> masks = new TreeSet<>();
  private final SortedSet<Integer> shifts = new TreeSet<>();

  /** The mask that keeps the first {@code width} lanes: {@code MASK_width}. */
  String mask(int width) {
    masks.add(width);
    return "MASK_" + width;
  }

  /** The shuffle that moves lane {@code i + by} to lane {@code i}: {@code SHIFT_by}. */
  String shift(int by) {
    shifts.add(by);
    return "SHIFT_" + by;
  }

  void addTo(TypeSpec.Builder type) {
    ClassName floatClass = ClassName.get(Float.class);
    ParameterizedTypeName mask = ParameterizedTypeName.get(ClassName.get("jdk.incubator.vector", "VectorMask"),
        floatClass);
    for (int width : masks) {
      type.addField(FieldSpec.builder(mask, "MASK_" + width, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer("SPECIES.indexInRange(0, $L)", width)
          .build());
    }
    ParameterizedTypeName shuffle = ParameterizedTypeName.get(
        ClassName.get("jdk.incubator.vector", "VectorShuffle"), floatClass);
    for (int by : shifts) {
      type.addField(FieldSpec.builder(shuffle, "SHIFT_" + by, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("Lane i takes lane i + $L: a vector read $L floats early, moved into place.\n", by, by)
          .initializer("VectorShuffle.iota(SPECIES, $L, 1, true)", by)
          .build());
    }
  }
}
