package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnc.compiler.ir.Activation;
import dev.nnc.compiler.ir.Layer;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Forward and backward kernels of a dense layer. Weights are stored input-major, {@code W[k][j]} at
 * {@code WEIGHT + k * OUT + j}, so the forward product {@code x W} and the weight gradient
 * {@code x^T dz} both stream contiguous rows of their right operand; the input gradient
 * {@code dz W^T} reads a transposed copy of W that backward refreshes first (vector flavour). Each
 * product is a {@link TiledProduct}: register-blocked tiles of rows, a row kernel for the rest. Every
 * dimension is a constant; the batch, or the range of rows a caller asks for, is the only runtime bound.
 */
final class DenseKernels {

  private final Step step;
  private final Layer.Dense dense;
  private final int lanes;
  private final int vectorRegisters;
  private final int in;
  private final int out;
  private final String weight;
  private final String bias;
  private final String origin;
  private final VectorConstants constants;
  private final KernelHelpers helpers;
  /** Where the weights and the biases start in the parameter array, and its length: reads must stay inside. */
  private final int weightOffset;
  private final int biasOffset;
  private final int parameterCount;

  DenseKernels(Step step, int lanes, int vectorRegisters, String origin, VectorConstants constants,
      KernelHelpers helpers, int weightOffset, int biasOffset, int parameterCount) {
    this.step = step;
    this.dense = (Layer.Dense) step.layer();
    this.lanes = lanes;
    this.vectorRegisters = vectorRegisters;
    this.in = dense.inputs();
    this.out = dense.units();
    this.weight = step.offset("WEIGHT");
    this.bias = step.offset("BIAS");
    this.origin = origin;
    this.constants = constants;
    this.helpers = helpers;
    this.weightOffset = weightOffset;
    this.biasOffset = biasOffset;
    this.parameterCount = parameterCount;
  }

  /**
   * True when the columns tail, if any, can be one masked vector: the last weight row's masked vector
   * (and the last gradient row's) still ends inside the parameter array, which is not padded.
   */
  private boolean maskedTail() {
    if (lanes == 0 || out % lanes == 0) {
      return true;
    }
    return weightOffset + (in - 1) * out + out / lanes * lanes + lanes <= parameterCount;
  }

  /** How far before the bias its masked tail vector must be read to stay inside the parameters. */
  private int biasShift() {
    if (lanes == 0 || out % lanes == 0) {
      return 0;
    }
    // The biases need not follow the weights: an aligned layout starts them on a cache line of their own.
    int end = biasOffset + out / lanes * lanes + lanes;
    return Math.max(0, end - parameterCount);
  }

  /** The buffer holding W transposed ({@code [out][in]}), where the vector input gradient reads it. */
  static String transposedBuffer(Step step) {
    return step.name() + "Transposed";
  }

  /** True where backward reads a transposed copy of the weights: the vector flavour's input gradient. */
  static boolean needsTransposed(Step step, int lanes) {
    return lanes > 0 && step.gradIn() != null;
  }

  /** The most weights a layer transposes whole on every thread (see {@link #transposesPerPart}). */
  private static final int MAX_PER_PART_TRANSPOSE = 1 << 16;

  /**
   * True where each part of backward's task transposes all of W into a copy of its own, instead of every
   * thread transposing its share of the rows into one copy that all of them read. The cores then read
   * only what they wrote themselves: the shared W^T of W3's second layer (128 KiB) cost the two-thread
   * backward about 10 us a step on the 2-core Xeon, where a core reads what the other wrote at about
   * 4 GB/s (bench/RESULTS.md, CrossCoreReads). The copy costs each thread the whole transpose instead of
   * a share, and memory for a copy per thread, so large layers keep the shared copy.
   */
  static boolean transposesPerPart(Step step, int lanes) {
    Layer.Dense dense = (Layer.Dense) step.layer();
    return needsTransposed(step, lanes) && dense.inputs() * dense.units() <= MAX_PER_PART_TRANSPOSE;
  }

  // ---- forward ---------------------------------------------------------------------------------

  /** Where forward stores {@code x W + b}: z when the pre-activation is kept, else y. */
  private String forwardTarget() {
    return step.preActivation() != null ? "z" : "y";
  }

  /** True when the activation runs in the product's registers, before the store. */
  private boolean activateInRegisters() {
    return step.preActivation() == null && ActivationCode.vectorizable(dense.activation());
  }

  private TiledProduct forwardProduct() {
    return new TiledProduct(step.name() + "Forward", List.of("p", "x", forwardTarget()), "s", "k", "j",
        Integer.toString(in), out, "x", in, 1, "p", weight, out, 1, forwardTarget(), null, out, "p", bias,
        activateInRegisters() ? dense.activation() : Activation.IDENTITY, maskedTail(), biasShift(), vectorRegisters);
  }

  /**
   * {@code y = act(x W + b)} for samples {@code from} to {@code to}; with {@code z} the pre-activation is
   * kept, for the loss (a fused output layer) or for an activation whose derivative needs it.
   */
  List<MethodSpec> forward() {
    Activation act = dense.activation();
    TiledProduct product = forwardProduct();
    MethodSpec.Builder method = MethodSpec.methodBuilder(step.name() + "Forward")
        .addJavadoc("$L ($L): y = $L with z = x W + b, for samples {@code from} to {@code to} (exclusive).\n",
            dense.describe(), origin, ActivationCode.formula(act))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "p")
        .addParameter(float[].class, "x");
    if (step.preActivation() != null) {
      method.addParameter(float[].class, "z");
    }
    method.addParameter(float[].class, "y")
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "to")
        .addCode(product.loop("from", "to", lanes));
    if (!activateInRegisters()) {
      method.addCode(ActivationCode.applyRows(act, forwardTarget(), "y", out, lanes));
    }
    return withKernels(method.build(), product);
  }

  /** Weights a layer needs before sharing one sample's product between threads pays for the handover. */
  private static final int MIN_SPLIT_WEIGHTS = 1 << 14;

  /**
   * True when threads share a single sample's forward by columns: a large layer whose activation runs
   * in registers (each column's output is then final where it is computed).
   */
  boolean splitsColumns() {
    return activateInRegisters() && in * out >= MIN_SPLIT_WEIGHTS && forwardProduct().splitsColumns(lanes);
  }

  /** The kernels that compute one sample's columns in a range (see {@link #splitsColumns}). */
  List<MethodSpec> forwardColumns() {
    return forwardProduct().columnMethods(lanes, constants, helpers);
  }

  /** Part {@code part} of {@code parts} of sample {@code row}'s columns, from {@code p}, {@code x} into {@code y}. */
  CodeBlock forwardColumnsOfPart(String p, String x, String y, String row) {
    return forwardProduct().columnsOfPart(List.of(p, x, y), row, lanes);
  }

  /**
   * Weights a layer needs before its batched forward is split across threads by inputs rather than by
   * samples: from here on, a weight matrix read whole by every thread costs the optimizer step more
   * than the pipeline's start-up costs the forward pass (see {@link #pipelines}).
   */
  private static final int MIN_PIPELINE_WEIGHTS = 1 << 16;

  /**
   * True when threads share the batched forward by inputs, as a pipeline: each thread adds its own rows
   * of W to every tile's sums, after the thread before it. Then only one thread reads each row of W, and
   * the optimizer step updates the rows where they already are (split by a
   * {@link dev.nnc.runtime.parallel.ParameterSplit}); with samples split instead, every thread reads all
   * of W, and each update must first take the cache line back from the other threads. Needs the
   * activation in registers (the last stage applies it) and tiles that can run in stages.
   */
  boolean pipelines() {
    return activateInRegisters() && in * out >= MIN_PIPELINE_WEIGHTS && forwardProduct().stages(lanes);
  }

  /** The forward tile: the pipeline's unit of work. */
  TiledProduct.Tile forwardTile() {
    return forwardProduct().tile(lanes);
  }

  /** The forward's short tile, the pipeline's unit where a tile would leave too few rows; or null. */
  TiledProduct.Tile forwardShortTile() {
    return forwardProduct().shortTile(lanes);
  }

  /** Whether the forward's rows from {@code row} to {@code to} start with a whole tile (not short ones). */
  CodeBlock forwardTakesTile(String row, String to) {
    return forwardProduct().takesTile(row, to, lanes);
  }

  /** The forward tile kernels that add a range of inputs (see {@link #pipelines}). */
  List<MethodSpec> forwardStages() {
    return forwardProduct().stageMethods(lanes, constants, helpers);
  }

  /** A driver method followed by the tile and row kernels of the product it loops over. */
  private List<MethodSpec> withKernels(MethodSpec driver, TiledProduct product) {
    List<MethodSpec> methods = new ArrayList<>(List.of(driver));
    methods.addAll(product.methods(lanes, constants, helpers));
    return methods;
  }

  // ---- backward --------------------------------------------------------------------------------

  /** The activation whose derivative backward applies (none where the loss already gave dz). */
  private Activation gradientActivation() {
    return step.skipActivationGradient() ? Activation.IDENTITY : dense.activation();
  }

  /** True when backward turns dy into dz in place before the products. */
  boolean hasActivationGradient() {
    return gradientActivation() != Activation.IDENTITY;
  }

  /** True when the derivative reads the pre-activation z. */
  boolean gradientNeedsPreActivation() {
    return ActivationCode.needsPreActivation(gradientActivation());
  }

  /** dz = dy * act'(...) in place, for samples {@code from} to {@code to}. */
  MethodSpec activationGradient() {
    Activation act = gradientActivation();
    MethodSpec.Builder method = MethodSpec.methodBuilder(step.name() + "ActivationGradient")
        .addJavadoc("Backward of $L ($L), first step: dz = dy * $L in place, for samples {@code from} to {@code to}.\n",
            dense.describe(), origin, ActivationCode.derivative(act))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC);
    if (gradientNeedsPreActivation()) {
      method.addParameter(float[].class, "z");
    }
    return method.addParameter(float[].class, "y")
        .addParameter(float[].class, "dy")
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "to")
        .addCode(Elementwise.activationGradient(act, "dy", "y", "z", "dy", out, lanes))
        .build();
  }

  /**
   * Copies rows {@code from} to {@code to} of W into its transposed buffer, {@code wt[j][k] = W[k][j]},
   * for the input gradient. For each column, one gather reads a vector of consecutive rows and one store
   * writes it whole: W3's second layer (256 x 128) took 6 us, against 11 in 16 x 16 blocks copied float
   * by float (Xeon, JDK 17 and 25). Rows after the last whole vector are copied float by float.
   */
  MethodSpec transpose() {
    CodeBlock gathered = CodeBlock.of("$T.fromArray(SPECIES, p, $L, $L, 0).intoArray(wt, $L);\n",
        ClassName.get("jdk.incubator.vector", "FloatVector"), Index.sum(weight, Index.times("k", out), "j"),
        constants.rowOffsets(out, lanes), Index.sum(Index.times("j", in), "k"));
    CodeBlock copied = CodeBlock.of("wt[$L] = p[$L];\n", Index.sum(Index.times("j", in), "k"),
        Index.sum(weight, Index.times("k", out), "j"));
    return MethodSpec.methodBuilder(step.name() + "Transpose")
        .addJavadoc("$L ($L): wt[j][k] = W[k][j] for inputs {@code from} to {@code to}, so the input gradient\n"
            + "reads rows of W^T: $L rows of a column at a time, gathered.\n", dense.describe(), origin, lanes)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "p")
        .addParameter(float[].class, "wt")
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "to")
        .addStatement("int k = from")
        .beginControlFlow("for (; k <= to - $L; k += $L)", lanes, lanes)
        .beginControlFlow("for (int j = 0; j < $L; j++)", out)
        .addCode(gathered)
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("for (; k < to; k++)")
        .beginControlFlow("for (int j = 0; j < $L; j++)", out)
        .addCode(copied)
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  private TiledProduct inputGradientProduct() {
    boolean transposed = lanes > 0;
    return new TiledProduct(step.name() + "InputGradient", List.of(transposed ? "wt" : "p", "dy", "dx"), "s", "j", "k",
        Integer.toString(out), in, "dy", out, 1, transposed ? "wt" : "p", transposed ? null : weight,
        transposed ? in : 1, transposed ? 1 : out, "dx", null, in, null, null, Activation.IDENTITY, true, 0,
        vectorRegisters);
  }

  /** dx = dz W^T for samples {@code from} to {@code to}. */
  List<MethodSpec> inputGradient() {
    TiledProduct product = inputGradientProduct();
    boolean transposed = lanes > 0;
    MethodSpec method = MethodSpec.methodBuilder(step.name() + "InputGradient")
        .addJavadoc("Backward of $L ($L): dx = dz W^T for samples {@code from} to {@code to}$L.\n", dense.describe(),
            origin, transposed ? ", reading W^T from {@code wt}" : "")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, transposed ? "wt" : "p")
        .addParameter(float[].class, "dy")
        .addParameter(float[].class, "dx")
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "to")
        .addCode(product.loop("from", "to", lanes))
        .build();
    return withKernels(method, product);
  }

  private TiledProduct weightGradientProduct() {
    return new TiledProduct(step.name() + "WeightGradient", List.of("g", "x", "dy"), "k", "s", "j", "batch", out,
        "x", 1, in, "dy", null, out, 1, "g", weight, out, null, null, Activation.IDENTITY, maskedTail(), 0,
        vectorRegisters);
  }

  /** dW = x^T dz over the whole batch, for weight rows (inputs) {@code from} to {@code to}. */
  List<MethodSpec> weightGradient() {
    TiledProduct product = weightGradientProduct();
    MethodSpec method = MethodSpec.methodBuilder(step.name() + "WeightGradient")
        .addJavadoc("Backward of $L ($L): dW[k][j] = sum over samples of x[s][k] dz[s][j], for inputs {@code from}\n"
            + "to {@code to}; each weight is one sum in sample order.\n", dense.describe(), origin)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "g")
        .addParameter(float[].class, "x")
        .addParameter(float[].class, "dy")
        .addParameter(TypeName.INT, "batch")
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "to")
        .addCode(product.loop("from", "to", lanes))
        .build();
    return withKernels(method, product);
  }

  /** db = column sums of dz over the batch. */
  MethodSpec biasGradient() {
    MethodSpec.Builder method = MethodSpec.methodBuilder(step.name() + "BiasGradient")
        .addJavadoc("Backward of $L ($L): db[j] = sum over samples of dz[s][j].\n", dense.describe(), origin)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "g")
        .addParameter(float[].class, "dy")
        .addParameter(TypeName.INT, "batch");
    int vectorEnd = lanes == 0 ? 0 : out / lanes * lanes;
    if (vectorEnd > 0) {
      method.beginControlFlow("for (int j = 0; j < $L; j += $L)", vectorEnd, lanes)
          .addStatement("FloatVector acc = FloatVector.zero(SPECIES)")
          .beginControlFlow("for (int s = 0; s < batch; s++)")
          .addStatement("acc = acc.add(FloatVector.fromArray(SPECIES, dy, $L))", Index.sum(Index.times("s", out), "j"))
          .endControlFlow()
          .addStatement("acc.intoArray(g, $L)", Index.sum(bias, "j"))
          .endControlFlow();
    }
    if (vectorEnd < out) {
      method.beginControlFlow("for (int j = $L; j < $L; j++)", vectorEnd, out)
          .addStatement("float acc = 0f")
          .beginControlFlow("for (int s = 0; s < batch; s++)")
          .addStatement("acc += dy[$L]", Index.sum(Index.times("s", out), "j"))
          .endControlFlow()
          .addStatement("g[$L] = acc", Index.sum(bias, "j"))
          .endControlFlow();
    }
    return method.build();
  }
}
