package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import javax.lang.model.element.Modifier;

/**
 * The masks and shuffles the kernels of one class use, each emitted once as a {@code static final}
 * field: C2 treats those as constants, so a masked load or a lane shift costs one instruction.
 */
final class VectorConstants {

  private final SortedSet<Integer> masks = new TreeSet<>();
  private final SortedSet<Integer> shifts = new TreeSet<>();
  /** Row strides of the gather maps asked for, each with its lane count. */
  private final SortedMap<Integer, Integer> rowOffsets = new TreeMap<>();

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

  /**
   * The offsets of {@code lanes} consecutive rows {@code stride} floats apart, {@code ROWS_stride}: the
   * index map of a gather that reads a vector of one column.
   */
  String rowOffsets(int stride, int lanes) {
    rowOffsets.put(stride, lanes);
    return "ROWS_" + stride;
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
    rowOffsets.forEach((stride, lanes) -> type.addField(
        FieldSpec.builder(int[].class, "ROWS_" + stride, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Where $L consecutive rows start, $L $L apart: the index map of a gather that reads a "
                + "column.\n", lanes, stride, stride == 1 ? "float" : "floats")
            .initializer("{" + String.join(",$W", Collections.nCopies(lanes, "$L")) + "}",
                IntStream.range(0, lanes).mapToObj(i -> i * stride).toArray())
            .build()));
  }
}
