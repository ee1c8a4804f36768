package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnc.compiler.ir.Activation;
import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * One matrix product {@code C = init + A B} with constant shapes, emitted as register-blocked kernels:
 * a <em>tile</em> method computes several rows of C at once, keeping rows x vectors of accumulators in
 * registers, so every vector of B loaded from memory feeds several FMAs; a <em>row</em> method computes
 * one row with up to {@link #rowVectors} accumulators, for leftover rows and single samples. Every
 * element of C is one chain of FMAs over the reduction in order, {@code acc = b * a + acc}, so tiles,
 * rows and the scalar flavour give the same bits.
 *
 * <p>Operands are addressed by constant strides: {@code A(r, t) = a[r * aRowStride + t * aReduceStride]},
 * {@code B(t, c) = b[bBase + t * bReduceStride + c * bColumnStride]} (column stride 1 for vectors),
 * {@code C(r, c) = c[cBase + r * cRowStride + c]}. A columns tail narrower than a vector is one masked
 * vector, not scalar code.
 *
 * @param name method name prefix: the kernels are {@code nameTile} and {@code nameRow}
 * @param arrays the float[] parameters of the kernels, in order
 * @param rowVar, reduceVar, columnVar the loop variables' names, after what they index
 * @param reduce the reduction's trip count: a constant, or {@code "batch"} (then a parameter)
 * @param bias the array and base of a bias vector to start every row from, or null to start from zero
 * @param activation applied in registers before the store (only vectorizable ones)
 * @param maskedTail true to compute a columns tail as one masked vector; false where its loads or
 *     stores could run past the end of an array the generator cannot pad (the parameters), so the tail
 *     is scalar code instead
 * @param biasShift for a masked bias at the very end of the parameters: read the vector this many
 *     floats earlier and shift its lanes down, so the load stays inside the array
 * @param registers the target's vector registers (16 or 32): the accumulators, the loaded vectors of B
 *     and the broadcast must fit, or C2 spills accumulators to the stack inside the reduction loop
 */
record TiledProduct(
    String name,
    List<String> arrays,
    String rowVar,
    String reduceVar,
    String columnVar,
    String reduce,
    int columns,
    String a,
    int aRowStride,
    int aReduceStride,
    String b,
    String bBase,
    int bReduceStride,
    int bColumnStride,
    String c,
    String cBase,
    int cRowStride,
    String biasArray,
    String biasBase,
    Activation activation,
    boolean maskedTail,
    int biasShift,
    int registers) {

  /**
   * Accumulator vectors per row in the row kernel: half the registers (16 of AVX-512's 32, 8 of AVX2's
   * 16), which leaves room for the broadcast and the loads, and 8 chains are still enough FMAs in flight.
   */
  int rowVectors() {
    return registers / 2;
  }

  /**
   * Accumulator vectors of the columns kernel, which computes one row's columns in a range so that
   * threads can share a single sample's product: 8 FMA chains where the columns make at least two such
   * groups (with 4 chains each waits out the FMA latency: W3's first layer ran a quarter slower on
   * one core), else 4.
   */
  private static final int[] COLUMN_VECTORS = {8, 4};

  /** FMA chains a one-column product is split into (see {@link #dotRow}). */
  private static final int DOT_CHAINS = 4;

  /** A one-column product's reduction up to this length is unrolled. */
  private static final int UNROLL_DOT = 32;

  /** Rows of B the scalar {@link #axpyRow} adds per pass over a row of C. */
  private static final int AXPY_ROWS = 4;

  /** A constant reduction up to this length is unrolled. */
  private static final int UNROLL_REDUCE = 8;

  /** Rows and vectors of a tile: accumulators, one load per vector and a broadcast, in registers. */
  record Tile(int rows, int vectors) {}

  /** A run of columns: {@code vectors} vectors from {@code start}, the last one masked if {@code tail > 0}. */
  private record Group(String start, int vectors, int tail) {}

  private boolean runtimeReduce() {
    return !reduce.matches("\\d+");
  }

  /**
   * True for a product with one column and a constant reduction of at least {@code 2 * DOT_CHAINS}: a
   * dot product per row, the same scalar code in both flavours (a vector would hold one useful lane).
   */
  private boolean dot() {
    return columns == 1 && !runtimeReduce() && Integer.parseInt(reduce) >= 2 * DOT_CHAINS;
  }

  /** True when the kernels are vector tiles and rows: {@code lanes}-float vectors, not a dot product. */
  private boolean vectorKernels(int lanes) {
    return lanes > 0 && !dot();
  }

  /**
   * The tile with {@code lanes}-float vectors; null where there is no tile method. Wide products with
   * AVX-512's 32 registers take 6 x 4 (24 accumulators, 4 vectors of B, a broadcast): each vector of B
   * read from L2 feeds 6 FMAs instead of 4 (W3's first layer on one Xeon core at batch 256, fresh JVMs:
   * 4 x 4 at 101-106 GFLOP/s, 6 x 4 at 98-145; see bench/RESULTS.md). Not where the columns end in a
   * partial vector: its lane-by-lane stores, 6 rows of them, make the tail kernel too large for C2 to
   * inline its Vector API calls. Otherwise 4 x 4, or 8 rows of narrow products. With AVX2's 16
   * registers see {@link #tile16}.
   */
  Tile tile(int lanes) {
    if (!vectorKernels(lanes)) {
      return null;
    }
    int vectorsWide = vectorsWide(lanes);
    if (registers < 32) {
      return tile16(vectorsWide, lanes);
    }
    if (vectorsWide >= 4) {
      return lanes >= 16 && columns % lanes == 0 ? new Tile(6, 4) : new Tile(4, 4);
    }
    return vectorsWide == 3 ? new Tile(4, 3) : new Tile(8, vectorsWide);
  }

  /**
   * The tile for 16 registers: 6 x 2 (12 accumulators, 2 vectors of B, a broadcast: 15 registers, the
   * shape of BLIS's AVX2 kernels), 4 x 2 where the columns end in a partial vector (see {@link #tile}),
   * 8 x 1 for products one vector wide. A 4 x 4 tile needs 21 registers and spills on such a CPU.
   */
  private Tile tile16(int vectorsWide, int lanes) {
    if (vectorsWide == 1) {
      return new Tile(8, 1);
    }
    return columns % lanes == 0 ? new Tile(6, 2) : new Tile(4, 2);
  }

  /** The tile for the rows whole tiles leave, 4 rows after 6; null where there is none. */
  Tile shortTile(int lanes) {
    Tile tile = tile(lanes);
    return tile != null && tile.rows() == 6 ? new Tile(4, tile.vectors()) : null;
  }

  /**
   * Whether the rows from {@code row} to {@code to} start with a whole tile rather than short tiles: a
   * tile of 6 rows is taken unless it would leave 2 or 3 rows, which two short tiles of 4 cover instead
   * (a thread's 32 rows are then 4 tiles and 2 short tiles, not 5 tiles and 2 rows of the row kernel).
   */
  CodeBlock takesTile(String row, String to, int lanes) {
    int rows = tile(lanes).rows();
    Tile shortTile = shortTile(lanes);
    if (shortTile == null) {
      return CodeBlock.of("$L <= $L - $L", row, to, rows);
    }
    return CodeBlock.of("$L - $L >= $L && ($L - $L < $L || $L - $L >= $L)", to, row, rows, to, row,
        2 * rows - shortTile.rows(), to, row, rows + shortTile.rows());
  }

  private int vectorsWide(int lanes) {
    return (columns + lanes - 1) / lanes;
  }

  /** Loops rows {@code from} to {@code to} (exclusive) through tiles, then rows. */
  CodeBlock loop(String from, String to, int lanes) {
    CodeBlock.Builder code = CodeBlock.builder().addStatement("int $L = $L", rowVar, from);
    String arguments = arguments();
    boolean vector = vectorKernels(lanes);
    if (vector) {
      Tile tile = tile(lanes);
      Tile shortTile = shortTile(lanes);
      code.beginControlFlow("for (; $L; $L += $L)", takesTile(rowVar, to, lanes), rowVar, tile.rows())
          .add(calls("Tile", splitsTail(tile.vectors(), lanes), arguments))
          .endControlFlow();
      if (shortTile != null) {
        code.beginControlFlow("for (; $L <= $L - $L; $L += $L)", rowVar, to, shortTile.rows(), rowVar,
                shortTile.rows())
            .add(calls("ShortTile", splitsTail(shortTile.vectors(), lanes), arguments))
            .endControlFlow();
      }
    }
    return code.beginControlFlow("for (; $L < $L; $L++)", rowVar, to, rowVar)
        .add(calls("Row", vector && splitsTail(rowVectors(), lanes), arguments))
        .endControlFlow()
        .build();
  }

  private CodeBlock calls(String suffix, boolean tailKernel, String arguments) {
    CodeBlock.Builder code = CodeBlock.builder().addStatement("$L$L($L)", name, suffix, arguments);
    if (tailKernel) {
      code.addStatement("$L$LTail($L)", name, suffix, arguments);
    }
    return code.build();
  }

  /**
   * True when the columns left over by whole groups of {@code maxVectors} vectors get a kernel of their
   * own. One method holding both would be large enough for C2 to stop inlining the Vector API calls
   * (NodeCountInliningCutoff), and a vector passed to a call that is not inlined is boxed at every FMA.
   */
  private boolean splitsTail(int maxVectors, int lanes) {
    return columns / lanes >= maxVectors && columns % (maxVectors * lanes) != 0;
  }

  private String arguments() {
    return arguments(arrays, rowVar);
  }

  /** A kernel call's arguments: {@code arrayArguments}, the reduction's length if not constant, {@code row}. */
  private String arguments(List<String> arrayArguments, String row) {
    List<String> names = new ArrayList<>(arrayArguments);
    if (runtimeReduce()) {
      names.add(reduce);
    }
    names.add(row);
    return String.join(", ", names);
  }

  /** The tile method (vector flavour only) and the row method. */
  List<MethodSpec> methods(int lanes, VectorConstants constants, KernelHelpers helpers) {
    List<MethodSpec> methods = new ArrayList<>();
    if (dot()) {
      methods.add(dotRow());
    } else if (lanes > 0) {
      Tile tile = tile(lanes);
      methods.addAll(vectorKernels("Tile", tile.rows(), tile.vectors(), lanes, constants, helpers));
      Tile shortTile = shortTile(lanes);
      if (shortTile != null) {
        methods.addAll(vectorKernels("ShortTile", shortTile.rows(), shortTile.vectors(), lanes, constants, helpers));
      }
      methods.addAll(vectorKernels("Row", 1, rowVectors(), lanes, constants, helpers));
    } else {
      methods.add(scalarRow());
    }
    return methods;
  }

  private MethodSpec.Builder signature(String suffix) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name + suffix)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC);
    for (String array : arrays) {
      method.addParameter(float[].class, array);
    }
    if (runtimeReduce()) {
      method.addParameter(TypeName.INT, reduce);
    }
    return method.addParameter(TypeName.INT, rowVar);
  }

  // ---- vector kernels --------------------------------------------------------------------------

  /** The kernel over whole groups of columns, then the one over the rest if {@link #splitsTail}. */
  private List<MethodSpec> vectorKernels(String suffix, int rows, int maxVectors, int lanes,
      VectorConstants constants, KernelHelpers helpers) {
    return vectorKernels(suffix, rows, maxVectors, lanes, constants, helpers, false);
  }

  /**
   * As above; with {@code columnRange} the first kernel takes the range of columns it computes
   * ({@code from} to {@code to}, whole groups), and the rest always has a kernel of its own.
   */
  private List<MethodSpec> vectorKernels(String suffix, int rows, int maxVectors, int lanes,
      VectorConstants constants, KernelHelpers helpers, boolean columnRange) {
    int width = maxVectors * lanes;
    int full = columns / lanes;
    int tail = columns % lanes;
    int fullGroups = full / maxVectors;
    boolean tailKernel = columnRange ? columns % width != 0 : splitsTail(maxVectors, lanes);
    MethodSpec.Builder method;
    if (columnRange) {
      method = kernelStart(suffix, rows, maxVectors, lanes,
          ", columns {@code from} to {@code to} (exclusive, whole groups of " + width + ")")
          .addParameter(TypeName.INT, "from")
          .addParameter(TypeName.INT, "to")
          .beginControlFlow("for (int $L = from; $L < to; $L += $L)", columnVar, columnVar, columnVar, width)
          .addCode(group(new Group(columnVar, maxVectors, 0), rows, lanes, constants, helpers))
          .endControlFlow();
    } else {
      method = kernelStart(suffix, rows, Math.min(maxVectors, full + (tail > 0 ? 1 : 0)), lanes,
          tailKernel ? columnsNamed(0, fullGroups * width - 1) : null);
      if (fullGroups > 1) {
        method.addComment("$L: $L at a time", columnVar, width)
            .beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", columnVar, columnVar, fullGroups * width,
                columnVar, width)
            .addCode(group(new Group(columnVar, maxVectors, 0), rows, lanes, constants, helpers))
            .endControlFlow();
      } else if (fullGroups == 1) {
        method.addCode(block(new Group("0", maxVectors, 0), rows, lanes, constants, helpers));
      }
    }
    List<MethodSpec> methods = new ArrayList<>();
    String firstFrom = columnRange ? "from" : "0";
    String firstTo = columnRange ? "to" : Integer.toString(fullGroups * width);
    if (tailKernel || columnRange) {
      addActivationPass(method, rows, firstFrom, firstTo, lanes);
    }
    if (tailKernel) {
      methods.add(method.build());
      method = kernelStart(suffix + "Tail", rows, full - fullGroups * maxVectors + (tail > 0 ? 1 : 0), lanes,
          columnsNamed(fullGroups * width, columns - 1));
    } else if (columnRange) {
      return List.of(method.build());
    }
    int rest = full - fullGroups * maxVectors;
    int maskedTailVectors = maskedTail && tail > 0 ? 1 : 0;
    if (rest > 0 || maskedTailVectors > 0) {
      method.addCode(block(new Group(Integer.toString(fullGroups * width), rest + maskedTailVectors,
          maskedTailVectors > 0 ? tail : 0), rows, lanes, constants, helpers));
    }
    // an unmasked tail's scalar code applies the activation itself
    int vectorEnd = tail > 0 && !maskedTail ? full * lanes : columns;
    int restFrom = tailKernel ? fullGroups * width : 0;
    if (restFrom < vectorEnd) {
      addActivationPass(method, rows, Integer.toString(restFrom), Integer.toString(vectorEnd), lanes);
    }
    if (tail > 0 && !maskedTail) {
      method.addCode(scalarTail(rows, full * lanes));
    }
    methods.add(method.build());
    return methods;
  }

  private void addActivationPass(MethodSpec.Builder method, int rows, String from, String to, int lanes) {
    if (activationPass(rows)) {
      method.addCode(activationPassCode(rows, from, to, lanes));
    }
  }

  // ---- a tile in stages over the reduction --------------------------------------------------------

  /**
   * True when a tile can be computed in stages, each over a range of the reduction (see
   * {@link #stageMethod}): vector tiles over whole groups of columns, no tail kernel or masked vector,
   * and a constant reduction long enough to split.
   */
  boolean stages(int lanes) {
    if (!vectorKernels(lanes) || runtimeReduce() || Integer.parseInt(reduce) <= UNROLL_REDUCE) {
      return false;
    }
    return columns % (tile(lanes).vectors() * lanes) == 0;
  }

  /**
   * The tile kernels (the tile's, then the short tile's if any) taking the range of the reduction they
   * add, {@code reduceVar} from {@code kFrom} to {@code kTo}: the first stage starts from the bias,
   * later ones from the partial sums the stage before stored in C, and only the last applies the
   * activation. Each element stays one chain of FMAs in reduction order, so a tile computed in stages
   * has the same bits as one computed whole.
   *
   * <p>Each kind of tile gets a kernel per position (first, middle, last stage) and a small method that
   * picks one: JDK 17's C2 ran W3's first layer 18% slower through one kernel that chose its start and
   * its stores at run time (two threads: 109 against 89 us a batch, bench/RESULTS.md).
   */
  List<MethodSpec> stageMethods(int lanes, VectorConstants constants, KernelHelpers helpers) {
    List<MethodSpec> methods = new ArrayList<>();
    addStages(methods, "Tile", tile(lanes), lanes, constants, helpers);
    Tile shortTile = shortTile(lanes);
    if (shortTile != null) {
      addStages(methods, "ShortTile", shortTile, lanes, constants, helpers);
    }
    return methods;
  }

  private void addStages(List<MethodSpec> methods, String kind, Tile tile, int lanes, VectorConstants constants,
      KernelHelpers helpers) {
    String kFrom = reduceVar + "From";
    String kTo = reduceVar + "To";
    String stageArguments = arguments(arrays, rowVar) + ", " + kFrom + ", " + kTo;
    MethodSpec.Builder pick = signature(kind + "Stage")
        .addJavadoc("$L, $L from {@code $L} to {@code $L}: the stage of a sum split over\n"
            + "the reduction that {@code first} and {@code last} say (both: the whole sum, $L to $L).\n",
            rowsNamed(tile.rows()), reduceVar, kFrom, kTo, 0, reduce)
        .addParameter(TypeName.INT, kFrom)
        .addParameter(TypeName.INT, kTo)
        .addParameter(TypeName.BOOLEAN, "first")
        .addParameter(TypeName.BOOLEAN, "last")
        .beginControlFlow("if (first && last)")
        .addStatement("$L$L($L)", name, kind, arguments(arrays, rowVar))
        .nextControlFlow("else if (first)")
        .addStatement("$L$LFirstStage($L)", name, kind, stageArguments)
        .nextControlFlow("else if (last)")
        .addStatement("$L$LLastStage($L)", name, kind, stageArguments)
        .nextControlFlow("else")
        .addStatement("$L$LMiddleStage($L)", name, kind, stageArguments)
        .endControlFlow();
    methods.add(pick.build());
    for (StagePosition position : StagePosition.values()) {
      methods.add(stageMethod(kind + position.title() + "Stage", new Stage(kFrom, kTo, position), tile, lanes,
          constants, helpers));
    }
  }

  private MethodSpec stageMethod(String suffix, Stage stage, Tile tile, int lanes, VectorConstants constants,
      KernelHelpers helpers) {
    int width = tile.vectors() * lanes;
    MethodSpec.Builder method = kernelStart(suffix, tile.rows(), tile.vectors(), lanes,
            ", " + reduceVar + " from {@code " + stage.from() + "} to {@code " + stage.to() + "}")
        .addJavadoc("$L.\n", stage.position().does)
        .addParameter(TypeName.INT, stage.from())
        .addParameter(TypeName.INT, stage.to());
    if (columns / width > 1) {
      method.addComment("$L: $L at a time", columnVar, width)
          .beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", columnVar, columnVar, columns, columnVar, width)
          .addCode(group(new Group(columnVar, tile.vectors(), 0), tile.rows(), lanes, constants, helpers, stage))
          .endControlFlow();
    } else {
      method.addCode(block(new Group("0", tile.vectors(), 0), tile.rows(), lanes, constants, helpers, stage));
    }
    if (stage.position() == StagePosition.LAST && activationPass(tile.rows())) {
      method.addCode(activationPassCode(tile.rows(), "0", Integer.toString(columns), lanes));
    }
    return method.build();
  }

  /** Where a stage of a split sum stands: what it starts from and what it stores. */
  private enum StagePosition {
    FIRST("The first stage: starts from the bias and stores the partial sums"),
    MIDDLE("A middle stage: adds to the partial sums"),
    LAST("The last stage: adds to the partial sums and stores the outputs");

    final String does;

    StagePosition(String does) {
      this.does = does;
    }

    String title() {
      return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A staged kernel's reduction bounds and position (see {@link #stageMethod}); null in a whole kernel. */
  private record Stage(String from, String to, StagePosition position) {}

  // ---- one row split by columns ----------------------------------------------------------------

  /**
   * True when threads can share one row of this product by columns: vector kernels, and at least two
   * whole groups of the columns kernel's vectors to hand out.
   */
  boolean splitsColumns(int lanes) {
    return vectorKernels(lanes) && columnVectors(lanes) > 0;
  }

  /** The columns kernel's vectors: the most that still give two groups, 0 if none does. */
  private int columnVectors(int lanes) {
    for (int vectors : COLUMN_VECTORS) {
      if (columns / (vectors * lanes) >= 2) {
        return vectors;
      }
    }
    return 0;
  }

  /** The columns kernel (and its tail kernel, where the columns are not whole groups). */
  List<MethodSpec> columnMethods(int lanes, VectorConstants constants, KernelHelpers helpers) {
    return vectorKernels("Columns", 1, columnVectors(lanes), lanes, constants, helpers, true);
  }

  /**
   * Calls the columns kernels on {@code arrayArguments} for row {@code row} of C, the columns of part
   * {@code part} of {@code parts}: whole groups split as evenly as they allow, and the columns left over
   * by whole groups in the last part.
   */
  CodeBlock columnsOfPart(List<String> arrayArguments, String row, int lanes) {
    int width = columnVectors(lanes) * lanes;
    int grouped = columns / width * width;
    String arguments = arguments(arrayArguments, row);
    CodeBlock.Builder code = CodeBlock.builder()
        .addStatement("$LColumns($L,$W$T.start($L, part, parts, $L), $T.start($L, part + 1, parts, $L))", name,
            arguments, WorkerTeam.class, grouped, width, WorkerTeam.class, grouped, width);
    if (grouped < columns) {
      code.beginControlFlow("if (part == parts - 1)")
          .addStatement("$LColumnsTail($L)", name, arguments)
          .endControlFlow();
    }
    return code.build();
  }

  /** " (j first..last)", for a kernel's Javadoc. */
  private String columnsNamed(int first, int last) {
    return " (" + columnVar + " " + first + ".." + last + ")";
  }

  /** A kernel's signature, Javadoc and row offsets; {@code range} names its columns when not all. */
  private MethodSpec.Builder kernelStart(String suffix, int rows, int accumulators, int lanes, String range) {
    MethodSpec.Builder method = signature(suffix);
    String vectors = accumulators == 1 ? "1 vector" : accumulators + " vectors";
    String which = range == null ? "" : range;
    if (rows == 1) {
      method.addJavadoc("$L$L, $L of columns at a time.\n", rowsNamed(rows), which, vectors);
    } else {
      method.addJavadoc("$L$L: $L rows x $L of columns at a time.\n", rowsNamed(rows), which, rows, vectors);
    }
    for (int r = 0; r < rows; r++) {
      method.addStatement("int $L = $L", rowLocal(r),
          r == 0 ? Index.times(rowVar, aRowStride) : Index.sum(rowLocal(0), r * aRowStride));
    }
    return method;
  }

  /** "Row {@code s}" or "Rows {@code s} to {@code s + 5}", for a kernel's Javadoc. */
  private String rowsNamed(int rows) {
    return rows == 1 ? "Row {@code " + rowVar + "}"
        : "Rows {@code " + rowVar + "} to {@code " + rowVar + " + " + (rows - 1) + "}";
  }

  private String rowLocal(int r) {
    return a + r;
  }

  private CodeBlock block(Group group, int rows, int lanes, VectorConstants constants, KernelHelpers helpers) {
    return block(group, rows, lanes, constants, helpers, null);
  }

  private CodeBlock block(Group group, int rows, int lanes, VectorConstants constants, KernelHelpers helpers,
      Stage stage) {
    int start = Integer.parseInt(group.start());
    int end = group.tail() > 0 ? start + (group.vectors() - 1) * lanes + group.tail() : start + group.vectors() * lanes;
    return CodeBlock.builder()
        .add("{ // $L $L..$L\n", columnVar, start, end - 1)
        .indent()
        .add(group(group, rows, lanes, constants, helpers, stage))
        .unindent()
        .add("}\n")
        .build();
  }

  private CodeBlock group(Group group, int rows, int lanes, VectorConstants constants, KernelHelpers helpers) {
    return group(group, rows, lanes, constants, helpers, null);
  }

  /** One group of columns for {@code rows} rows: initialize, reduce, store; with a stage, its part of each. */
  private CodeBlock group(Group group, int rows, int lanes, VectorConstants constants, KernelHelpers helpers,
      Stage stage) {
    CodeBlock.Builder code = CodeBlock.builder();
    int vectors = group.vectors();
    String cRow = Index.sum(cBase, Index.times(rowVar, cRowStride), group.start());
    if (stage != null) {
      code.addStatement("int $L0 = $L", c, cRow);
    }
    boolean fromBias = stage == null || stage.position() == StagePosition.FIRST;
    for (int v = 0; fromBias && v < vectors; v++) {
      String column = Index.sum(group.start(), v * lanes);
      String init = biasArray == null ? "FloatVector.zero(SPECIES)"
          : biasShift > 0 && isTail(group, v)
              ? load(biasArray, Index.sum(biasBase, column, -biasShift), null)
                  + ".rearrange(" + constants.shift(biasShift) + ")"
              : load(biasArray, Index.sum(biasBase, column), maskOf(group, v, constants));
      if (rows == 1 && stage == null) {
        code.addStatement("FloatVector $L = $L", accumulator(0, v, rows), init);
      } else {
        code.addStatement("FloatVector init$L = $L", v, init);
      }
    }
    for (int r = 0; stage == null && rows > 1 && r < rows; r++) {
      List<String> declarations = new ArrayList<>();
      for (int v = 0; v < vectors; v++) {
        declarations.add(accumulator(r, v, rows) + " = init" + v);
      }
      code.addStatement("FloatVector $L", String.join(", ", declarations));
    }
    for (int r = 0; stage != null && r < rows; r++) {
      for (int v = 0; v < vectors; v++) {
        code.addStatement("FloatVector $L = $L", accumulator(r, v, rows), fromBias ? "init" + v
            : load(c, Index.sum(c + "0", r * cRowStride + v * lanes), null));
      }
    }
    java.util.function.Function<String, CodeBlock> step = t -> {
      CodeBlock.Builder body = CodeBlock.builder();
      body.addStatement("int bt = $L", Index.sum(bBase, Index.times(t, bReduceStride), group.start()));
      for (int v = 0; v < vectors; v++) {
        body.addStatement("FloatVector b$L = $L", v, load(b, Index.sum("bt", v * lanes), maskOf(group, v, constants)));
      }
      for (int r = 0; r < rows; r++) {
        body.addStatement("$L FloatVector.broadcast(SPECIES, $L[$L])", r == 0 ? "FloatVector av =" : "av =", a,
            Index.sum(rowLocal(r), Index.times(t, aReduceStride)));
        for (int v = 0; v < vectors; v++) {
          body.addStatement("$L = b$L.fma(av, $L)", accumulator(r, v, rows), v, accumulator(r, v, rows));
        }
      }
      return body.build();
    };
    code.add(skipsZeros(rows, vectors, stage) ? overNonzeros(step, helpers) : overReduction(stage, step));
    if (stage == null) {
      return code.addStatement("int $L0 = $L", c, cRow).add(stores(group, rows, lanes, epilogue(rows))).build();
    }
    return code.add(stores(group, rows, lanes,
        stage.position() == StagePosition.LAST ? epilogue(rows) : Activation.IDENTITY)).build();
  }

  /** Vectors a row of B must span before a one-row kernel skips the zeros of A (see {@link #skipsZeros}). */
  private static final int MIN_SKIP_VECTORS = 4;

  /**
   * True when a one-row kernel skips the reduction steps whose element of A is zero: half the pixels of
   * a Fashion-MNIST image are, and most of a ReLU layer's outputs. Such a step adds {@code b * 0} to every
   * sum, which leaves it as it was (only a sum that is exactly zero could change sign, and only a NaN or
   * infinite weight would have turned it into NaN), so the result is the same, while the row of B it would
   * have streamed from memory is never read: a single sample's forward through W3 reads about half the
   * weights. Only where that row is at least {@link #MIN_SKIP_VECTORS} vectors wide (a mispredicted
   * branch costs more than a narrower row) and the reduction is a loop.
   */
  private boolean skipsZeros(int rows, int vectors, Stage stage) {
    return rows == 1 && stage == null && vectors >= MIN_SKIP_VECTORS
        && (runtimeReduce() || Integer.parseInt(reduce) > UNROLL_REDUCE);
  }

  /**
   * True when a kernel of {@code rows} rows applies the activation over C after its stores instead of
   * on the accumulators: the 6-row tiles with 16 registers, whose 12 accumulators, 2 loaded vectors
   * and broadcast leave no room for the activation's constants (a zero vector). C2 then keeps the
   * constant on the stack through the reduction loop, loading and storing it every iteration: a
   * 256 x 128 ReLU layer in 6 x 2 tiles ran at 43-45 GFLOP/s that way, 69 without the activation. A
   * second pass over rows still in L1 costs far less there; kernels with fewer accumulators keep the
   * activation in registers (a single sample's row stored and loaded again would wait for the store).
   */
  private boolean activationPass(int rows) {
    return registers < 32 && rows > 4 && activation != Activation.IDENTITY;
  }

  /** The activation the stores apply: none where {@link #activationPass} applies it afterwards. */
  private Activation epilogue(int rows) {
    return activationPass(rows) ? Activation.IDENTITY : activation;
  }

  /**
   * The activation over the {@code rows} rows of C from {@code rowVar} that the kernel stored, columns
   * {@code from} to {@code to} (exclusive): whole vectors, then lane by lane. The same operation on the
   * same values as in registers, so the bits do not change.
   */
  private CodeBlock activationPassCode(int rows, String from, String to, int lanes) {
    boolean constant = from.matches("\\d+") && to.matches("\\d+");
    String vectorEnd = constant
        ? Integer.toString(Integer.parseInt(from) + (Integer.parseInt(to) - Integer.parseInt(from)) / lanes * lanes)
        : to;
    CodeBlock.Builder code = CodeBlock.builder()
        .add("// $L over the stored rows: beside these accumulators its constants would not fit in 16 registers\n",
            activation.kind().toString().toLowerCase(java.util.Locale.ROOT))
        .beginControlFlow("for (int r = 0; r < $L; r++)", rows)
        .addStatement("int $L0 = $L", c, Index.sum(cBase, Index.times("(" + rowVar + " + r)", cRowStride)))
        .beginControlFlow("for (int $L = $L; $L < $L; $L += $L)", columnVar, from, columnVar, vectorEnd, columnVar,
            lanes)
        .addStatement("FloatVector v = $L", load(c, Index.sum(c + "0", columnVar), null))
        .addStatement("$L.intoArray($L, $L)", ActivationCode.vector(activation, "v"), c, Index.sum(c + "0", columnVar))
        .endControlFlow();
    if (constant && !vectorEnd.equals(to)) {
      String element = c + "[" + Index.sum(c + "0", columnVar) + "]";
      code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", columnVar, vectorEnd, columnVar, to, columnVar)
          .addStatement("$L = $L", element, ActivationCode.scalar(activation, element))
          .endControlFlow();
    }
    return code.endControlFlow().build();
  }

  /** Stores a group's accumulators to C, through {@code activation}. */
  private CodeBlock stores(Group group, int rows, int lanes, Activation activation) {
    CodeBlock.Builder code = CodeBlock.builder();
    int vectors = group.vectors();
    for (int r = 0; r < rows; r++) {
      for (int v = 0; v < vectors; v++) {
        String value = ActivationCode.vector(activation, accumulator(r, v, rows));
        int offset = r * cRowStride + v * lanes;
        if (!isTail(group, v)) {
          code.addStatement("$L.intoArray($L, $L)", value, c, Index.sum(c + "0", offset));
        } else {
          code.add(storeLanes(value, accumulator(r, v, rows), group.tail(), offset, r == 0));
        }
      }
    }
    return code.build();
  }

  /**
   * Stores the first {@code width} lanes of {@code value} one by one, each with a constant lane index. A
   * masked {@code intoArray} would do, but JDK 17 does not compile it to a masked store: it boxes every
   * vector the value depends on, and then each FMA of the kernel allocates. A loop over {@code lane(l)}
   * inlines a 16-way switch per use, enough to stop C2 inlining (and to box vectors) in a large tile.
   */
  private CodeBlock storeLanes(String value, String accumulator, int width, int offset, boolean explain) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (explain) {
      code.add("// the tail lane by lane: JDK 17 boxes vectors stored through a mask\n");
    }
    String local = accumulator;
    if (!value.equals(accumulator)) {
      local = accumulator.replace("acc", "out");
      code.addStatement("FloatVector $L = $L", local, value);
    }
    for (int l = 0; l < width; l++) {
      code.addStatement("$L[$L] = $L.lane($L)", c, Index.sum(c + "0", offset + l), local, l);
    }
    return code.build();
  }

  private static String accumulator(int row, int vector, int rows) {
    return rows == 1 ? "acc" + vector : "acc" + row + vector;
  }

  private static boolean isTail(Group group, int v) {
    return group.tail() > 0 && v == group.vectors() - 1;
  }

  private static String maskOf(Group group, int v, VectorConstants constants) {
    return isTail(group, v) ? constants.mask(group.tail()) : null;
  }

  private static String load(String array, String index, String mask) {
    return mask == null ? "FloatVector.fromArray(SPECIES, " + array + ", " + index + ")"
        : "FloatVector.fromArray(SPECIES, " + array + ", " + index + ", " + mask + ")";
  }

  /** The body once per reduction step t: unrolled with constant t when short, else a loop. */
  private CodeBlock overReduction(Stage stage, java.util.function.Function<String, CodeBlock> body) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (stage != null) {
      return code.beginControlFlow("for (int $L = $L; $L < $L; $L++)", reduceVar, stage.from(), reduceVar, stage.to(),
              reduceVar)
          .add(body.apply(reduceVar))
          .endControlFlow()
          .build();
    }
    if (!runtimeReduce() && Integer.parseInt(reduce) <= UNROLL_REDUCE) {
      for (int t = 0; t < Integer.parseInt(reduce); t++) {
        code.add("{\n").indent().add(body.apply(Integer.toString(t))).unindent().add("}\n");
      }
      return code.build();
    }
    return code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", reduceVar, reduceVar, reduce, reduceVar)
        .add(body.apply(reduceVar))
        .endControlFlow()
        .build();
  }

  /**
   * The body once per reduction step whose element of A is not zero (see {@link #skipsZeros}): the loop
   * moves from one to the next with {@link KernelHelpers#nextNonzero}. A {@code continue} past the
   * zeros would do the same, but JDK 17 then boxes every accumulator, at every step.
   */
  private CodeBlock overNonzeros(java.util.function.Function<String, CodeBlock> body, KernelHelpers helpers) {
    String next = helpers.nextNonzero();
    String scan = a + ", " + rowLocal(0) + ", " + aReduceStride;
    return CodeBlock.builder()
        .add("// a zero of $L adds nothing to the sums: skipped, its row of $L is not read\n", a, b)
        .beginControlFlow("for (int $L = $L($L, 0, $L); $L < $L; $L = $L($L, $L + 1, $L))", reduceVar, next, scan,
            reduce, reduceVar, reduce, reduceVar, next, scan, reduceVar, reduce)
        .add(body.apply(reduceVar))
        .endControlFlow()
        .build();
  }

  /** Columns {@code start} to the end, one FMA chain each, for each row of a tile. */
  private CodeBlock scalarTail(int rows, int start) {
    CodeBlock.Builder code = CodeBlock.builder()
        .add("// $L $L..$L: scalar, a masked vector would reach past the end of the parameters\n", columnVar, start,
            columns - 1)
        .addStatement("int $L0 = $L", c, Index.sum(cBase, Index.times(rowVar, cRowStride)))
        .beginControlFlow("for (int $L = $L; $L < $L; $L++)", columnVar, start, columnVar, columns, columnVar);
    for (int r = 0; r < rows; r++) {
      code.addStatement("float acc$L = $L", r,
          biasArray == null ? "0f" : biasArray + "[" + Index.sum(biasBase, columnVar) + "]");
    }
    code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", reduceVar, reduceVar, reduce, reduceVar)
        .addStatement("float bv = $L[$L]", b,
            Index.sum(bBase, Index.times(reduceVar, bReduceStride), Index.times(columnVar, bColumnStride)));
    for (int r = 0; r < rows; r++) {
      code.addStatement("acc$L = Math.fma(bv, $L[$L], acc$L)", r, a,
          Index.sum(rowLocal(r), Index.times(reduceVar, aReduceStride)), r);
    }
    code.endControlFlow();
    for (int r = 0; r < rows; r++) {
      code.addStatement("$L[$L] = $L", c, Index.sum(c + "0", r * cRowStride, columnVar),
          ActivationCode.scalar(activation, "acc" + r));
    }
    return code.endControlFlow().build();
  }

  // ---- scalar kernel ---------------------------------------------------------------------------

  /**
   * Row {@code rowVar} of a one-column product: {@link #DOT_CHAINS} interleaved FMA chains added pairwise
   * at the end. One chain would wait out each FMA's latency in turn, which is what a single-sample
   * predict of a small network spends most of its time on.
   */
  private MethodSpec dotRow() {
    int n = Integer.parseInt(reduce);
    MethodSpec.Builder method = signature("Row")
        .addJavadoc("Row {@code $L}: its one column as $L interleaved FMA chains, added pairwise at the end.\n", rowVar,
            DOT_CHAINS)
        .addStatement("int $L = $L", rowLocal(0), Index.times(rowVar, aRowStride));
    List<String> chains = new ArrayList<>();
    for (int chain = 0; chain < DOT_CHAINS; chain++) {
      String init = chain > 0 || biasArray == null ? "0f" : biasArray + "[" + Index.sum(biasBase) + "]";
      chains.add("acc" + chain + " = " + init);
    }
    method.addStatement("float $L", String.join(", ", chains));
    int looped = n <= UNROLL_DOT ? 0 : n / DOT_CHAINS * DOT_CHAINS;
    if (looped > 0) {
      method.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", reduceVar, reduceVar, looped, reduceVar,
          DOT_CHAINS);
      for (int chain = 0; chain < DOT_CHAINS; chain++) {
        method.addStatement(dotStep(chain, Index.sum(Index.times(reduceVar, bReduceStride), chain * bReduceStride),
            Index.sum(Index.times(reduceVar, aReduceStride), chain * aReduceStride)));
      }
      method.endControlFlow();
    }
    for (int t = looped; t < n; t++) {
      method.addStatement(dotStep(t % DOT_CHAINS, Integer.toString(t * bReduceStride),
          Integer.toString(t * aReduceStride)));
    }
    return method
        .addStatement("float acc = $L", pairwiseSum(0, DOT_CHAINS))
        .addStatement("$L[$L] = $L", c, Index.sum(cBase, Index.times(rowVar, cRowStride)),
            ActivationCode.scalar(activation, "acc"))
        .build();
  }

  /** {@code acc[from] + ... + acc[to - 1]}, added in pairs: {@code (acc0 + acc1) + (acc2 + acc3)}. */
  private static String pairwiseSum(int from, int to) {
    if (to - from == 1) {
      return "acc" + from;
    }
    int middle = (from + to) / 2;
    String left = pairwiseSum(from, middle);
    String right = pairwiseSum(middle, to);
    return (middle - from > 1 ? "(" + left + ")" : left) + " + " + (to - middle > 1 ? "(" + right + ")" : right);
  }

  private CodeBlock dotStep(int chain, String bOffset, String aOffset) {
    return CodeBlock.of("acc$L = Math.fma($L[$L], $L[$L], acc$L)", chain, b, Index.sum(bBase, bOffset), a,
        Index.sum(rowLocal(0), aOffset), chain);
  }

  /**
   * The scalar row: column by column, each a loop over the reduction, where B's columns are strided or
   * the reduction is short; otherwise {@link #axpyRow}, which reads B's rows contiguously.
   */
  private MethodSpec scalarRow() {
    if (bColumnStride == 1 && (runtimeReduce() || Integer.parseInt(reduce) > UNROLL_REDUCE)) {
      return axpyRow();
    }
    MethodSpec.Builder method = signature("Row")
        .addJavadoc("Row {@code $L}, one column at a time.\n", rowVar)
        .addStatement("int $L = $L", rowLocal(0), Index.times(rowVar, aRowStride))
        .addStatement("int $L0 = $L", c, Index.sum(cBase, Index.times(rowVar, cRowStride)))
        .beginControlFlow("for (int $L = 0; $L < $L; $L++)", columnVar, columnVar, columns, columnVar)
        .addStatement("float acc = $L", biasArray == null ? "0f" : biasArray + "[" + Index.sum(biasBase, columnVar) + "]");
    String bColumn = Index.times(columnVar, bColumnStride);
    if (!runtimeReduce() && Integer.parseInt(reduce) <= UNROLL_REDUCE) {
      for (int t = 0; t < Integer.parseInt(reduce); t++) {
        method.addStatement("acc = Math.fma($L[$L], $L[$L], acc)", b,
            Index.sum(bBase, Index.times(Integer.toString(t), bReduceStride), bColumn), a,
            Index.sum(rowLocal(0), Index.times(Integer.toString(t), aReduceStride)));
      }
    } else {
      method.beginControlFlow("for (int $L = 0; $L < $L; $L++)", reduceVar, reduceVar, reduce, reduceVar)
          .addStatement("acc = Math.fma($L[$L], $L[$L], acc)", b,
              Index.sum(bBase, Index.times(reduceVar, bReduceStride), bColumn), a,
              Index.sum(rowLocal(0), Index.times(reduceVar, aReduceStride)))
          .endControlFlow();
    }
    return method.addStatement("$L[$L] = $L", c, Index.sum(c + "0", columnVar), ActivationCode.scalar(activation, "acc"))
        .endControlFlow()
        .build();
  }

  /**
   * The scalar row as a sum of B's rows: C's row starts at the bias (or 0) and takes {@code a_t * B(t, :)}
   * for each t in order, so every element is the same FMA chain as column by column, while B is read
   * contiguously and C2 can vectorize the inner loop. Reading B column by column instead strides a
   * whole row per FMA: 20 times slower on a 784 x 256 layer.
   */
  private MethodSpec axpyRow() {
    String cRow = c + "0";
    String column = Index.sum(cRow, columnVar);
    MethodSpec.Builder method = signature("Row")
        .addJavadoc("Row {@code $L}: the bias, plus each input times its row of weights, in input order.\n", rowVar)
        .addStatement("int $L = $L", rowLocal(0), Index.times(rowVar, aRowStride))
        .addStatement("int $L = $L", cRow, Index.sum(cBase, Index.times(rowVar, cRowStride)));
    if (biasArray == null) {
      method.addStatement("$T.fill($L, $L, $L, 0f)", java.util.Arrays.class, c, cRow, Index.sum(cRow, columns));
    } else {
      method.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, biasArray, biasBase, c, cRow, columns);
    }
    // AXPY_ROWS rows of B per pass: each element of C is loaded and stored once for all of them
    method.addStatement("int $L = 0", reduceVar)
        .beginControlFlow("for (; $L <= $L - $L; $L += $L)", reduceVar, reduce, AXPY_ROWS, reduceVar, AXPY_ROWS);
    for (int r = 0; r < AXPY_ROWS; r++) {
      String t = r == 0 ? reduceVar : "(" + reduceVar + " + " + r + ")";
      method.addStatement("float $LValue$L = $L[$L]", a, r, a, Index.sum(rowLocal(0), Index.times(t, aReduceStride)))
          .addStatement("int $LRow$L = $L", b, r, Index.sum(bBase, Index.times(t, bReduceStride)));
    }
    method.beginControlFlow("for (int $L = 0; $L < $L; $L++)", columnVar, columnVar, columns, columnVar)
        .addStatement("float acc = $L[$L]", c, column);
    for (int r = 0; r < AXPY_ROWS; r++) {
      method.addStatement("acc = Math.fma($L[$LRow$L + $L], $LValue$L, acc)", b, b, r, columnVar, a, r);
    }
    method.addStatement("$L[$L] = acc", c, column)
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("for (; $L < $L; $L++)", reduceVar, reduce, reduceVar)
        .addStatement("float $LValue = $L[$L]", a, a, Index.sum(rowLocal(0), Index.times(reduceVar, aReduceStride)))
        .addStatement("int $LRow = $L", b, Index.sum(bBase, Index.times(reduceVar, bReduceStride)))
        .beginControlFlow("for (int $L = 0; $L < $L; $L++)", columnVar, columnVar, columns, columnVar)
        .addStatement("$L[$L] = Math.fma($L[$LRow + $L], $LValue, $L[$L])", c, column, b, b, columnVar, a, c, column)
        .endControlFlow()
        .endControlFlow();
    if (activation != Activation.IDENTITY) {
      method.beginControlFlow("for (int $L = 0; $L < $L; $L++)", columnVar, columnVar, columns, columnVar)
          .addStatement("$L[$L] = $L", c, column, ActivationCode.scalar(activation, c + "[" + column + "]"))
          .endControlFlow();
    }
    return method.build();
  }
}
