package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnc.compiler.ir.Activation;
import dev.nnc.compiler.ir.Layer;
import javax.lang.model.element.Modifier;

/**
 * Forward and backward kernels of a dense layer, side by side. Weights are stored input-major,
 * {@code W[k][j]} at {@code WEIGHT + k * OUT + j}, so that both the forward pass and the weight gradient
 * run along contiguous output rows: broadcast one input, multiply-add a row of weights into vector
 * accumulators. Every dimension is a constant; the batch is the only runtime bound.
 */
final class DenseKernels {

  /** Vector accumulators kept in registers across one pass over the inputs. */
  private static final int ACCUMULATORS = 4;

  /** Inputs up to this count are unrolled instead of looped over. */
  private static final int UNROLL_INPUTS = 8;

  private final Step step;
  private final Layer.Dense dense;
  private final int lanes;
  private final int in;
  private final int out;
  private final String weight;
  private final String bias;
  private final String origin;

  DenseKernels(Step step, int lanes, String origin) {
    this.step = step;
    this.dense = (Layer.Dense) step.layer();
    this.lanes = lanes;
    this.in = dense.inputs();
    this.out = dense.units();
    this.weight = step.offset("WEIGHT");
    this.bias = step.offset("BIAS");
    this.origin = origin;
  }

  String forwardName() {
    return step.name() + "Forward";
  }

  String backwardName() {
    return step.name() + "Backward";
  }

  /** Outputs covered by whole vectors; the rest is the scalar tail. */
  private int vectorOutputs() {
    return lanes == 0 ? 0 : out / lanes * lanes;
  }

  // ---- forward ---------------------------------------------------------------------------------

  /**
   * {@code y = act(x W + b)} per sample; with {@code z} the pre-activation is kept, for the loss (a fused
   * output layer) or for an activation whose derivative needs it.
   */
  MethodSpec forward() {
    boolean keepPreActivation = step.preActivation() != null;
    Activation act = dense.activation();
    // Where the kernel stores x W + b: straight into y when the activation is applied in registers.
    boolean activateInRegisters = !keepPreActivation && ActivationCode.vectorizable(act);
    String target = keepPreActivation ? "z" : "y";
    Activation inKernel = activateInRegisters ? act : Activation.IDENTITY;

    MethodSpec.Builder method = MethodSpec.methodBuilder(forwardName())
        .addJavadoc("$L ($L): y = $L with z = x W + b, for each of {@code batch} samples.\n",
            dense.describe(), origin, ActivationCode.formula(act))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "p")
        .addParameter(float[].class, "x");
    if (keepPreActivation) {
      method.addParameter(float[].class, "z");
    }
    method.addParameter(float[].class, "y").addParameter(TypeName.INT, "batch");

    method.beginControlFlow("for (int s = 0; s < batch; s++)")
        .addStatement("int xs = $L", Index.times("s", in))
        .addStatement("int ys = $L", Index.times("s", out));
    int vectorEnd = vectorOutputs();
    if (vectorEnd > 0) {
      method.addCode(forEachVectorGroup(vectorEnd, (j, count) -> forwardGroup(j, count, target, inKernel)));
    }
    if (vectorEnd < out) {
      method.addComment("outputs $L..$L: scalar tail", vectorEnd, out - 1);
      method.beginControlFlow("for (int j = $L; j < $L; j++)", vectorEnd, out)
          .addStatement("float acc = p[$L]", Index.sum(bias, "j"));
      method.addCode(overInputs(k -> CodeBlock.of("acc = Math.fma(p[$L], x[$L], acc);\n",
          Index.sum(weight, Index.times(k, out), "j"), Index.sum("xs", k))));
      method.addStatement("$L[ys + j] = $L", target, ActivationCode.scalar(inKernel, "acc"))
          .endControlFlow();
    }
    if (!activateInRegisters) {
      method.addCode(ActivationCode.applyRow(act, target, "y", "ys", out));
    }
    method.endControlFlow();
    return method.build();
  }

  /** {@code count} vectors of outputs starting at {@code j}: accumulate over all inputs, then store. */
  private CodeBlock forwardGroup(String j, int count, String target, Activation act) {
    CodeBlock.Builder code = CodeBlock.builder();
    for (int v = 0; v < count; v++) {
      code.addStatement("FloatVector acc$L = FloatVector.fromArray(SPECIES, p, $L)", v,
          Index.sum(bias, j, v * lanes));
    }
    code.add(overInputs(k -> {
      CodeBlock.Builder body = CodeBlock.builder();
      // Unrolled inputs each get their own name: x0, x1, ...; a loop reuses xk.
      String xk = "x" + k;
      body.addStatement("FloatVector $L = FloatVector.broadcast(SPECIES, x[$L])", xk, Index.sum("xs", k));
      for (int v = 0; v < count; v++) {
        body.addStatement("acc$L = FloatVector.fromArray(SPECIES, p, $L).fma($L, acc$L)", v,
            Index.sum(weight, Index.times(k, out), j, v * lanes), xk, v);
      }
      return body.build();
    }));
    for (int v = 0; v < count; v++) {
      code.addStatement("$L.intoArray($L, $L)", ActivationCode.vector(act, "acc" + v), target,
          Index.sum("ys", j, v * lanes));
    }
    return code.build();
  }

  // ---- backward --------------------------------------------------------------------------------

  /**
   * Given dy = d(loss)/dy (turned into dz = d(loss)/dz in place), writes d(loss)/dW and d(loss)/db into
   * the gradient array {@code g} and, if {@code dx} is given, d(loss)/dx.
   */
  MethodSpec backward() {
    boolean propagate = step.gradIn() != null;
    Activation act = step.skipActivationGradient() ? Activation.IDENTITY : dense.activation();
    MethodSpec.Builder method = MethodSpec.methodBuilder(backwardName())
        .addJavadoc("Backward of $L ($L): dz = dy * $L, db = sum dz, dW = x^T dz$L.\n",
            dense.describe(), origin, step.skipActivationGradient() ? "1 (the loss gave dz)"
                : ActivationCode.derivative(dense.activation()),
            propagate ? ", dx = dz W^T" : "")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "p")
        .addParameter(float[].class, "g")
        .addParameter(float[].class, "x");
    if (ActivationCode.needsPreActivation(act)) {
      method.addParameter(float[].class, "z");
    }
    method.addParameter(float[].class, "y")
        .addParameter(float[].class, "dy");
    if (propagate) {
      method.addParameter(float[].class, "dx");
    }
    method.addParameter(TypeName.INT, "batch");

    if (act != Activation.IDENTITY) {
      method.addComment("dz = dy * $L", ActivationCode.derivative(act));
      method.addCode(Elementwise.activationGradient(act, "dy", "y", "z", "dy", out, lanes));
    }

    int vectorEnd = vectorOutputs();
    method.addComment("db[j] = sum over samples of dz[s][j]");
    if (vectorEnd > 0) {
      method.addCode(forEachVectorGroup(vectorEnd, (j, count) -> {
        CodeBlock.Builder code = CodeBlock.builder();
        for (int v = 0; v < count; v++) {
          code.addStatement("FloatVector acc$L = FloatVector.zero(SPECIES)", v);
        }
        code.beginControlFlow("for (int s = 0; s < batch; s++)");
        for (int v = 0; v < count; v++) {
          code.addStatement("acc$L = acc$L.add(FloatVector.fromArray(SPECIES, dy, $L))", v, v,
              Index.sum(Index.times("s", out), j, v * lanes));
        }
        code.endControlFlow();
        for (int v = 0; v < count; v++) {
          code.addStatement("acc$L.intoArray(g, $L)", v, Index.sum(bias, j, v * lanes));
        }
        return code.build();
      }));
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

    method.addComment("dW[k][j] = sum over samples of x[s][k] * dz[s][j]");
    method.beginControlFlow("for (int k = 0; k < $L; k++)", in);
    if (vectorEnd > 0) {
      method.addCode(forEachVectorGroup(vectorEnd, (j, count) -> {
        CodeBlock.Builder code = CodeBlock.builder();
        for (int v = 0; v < count; v++) {
          code.addStatement("FloatVector acc$L = FloatVector.zero(SPECIES)", v);
        }
        code.beginControlFlow("for (int s = 0; s < batch; s++)")
            .addStatement("FloatVector xk = FloatVector.broadcast(SPECIES, x[$L])",
                Index.sum(Index.times("s", in), "k"));
        for (int v = 0; v < count; v++) {
          code.addStatement("acc$L = FloatVector.fromArray(SPECIES, dy, $L).fma(xk, acc$L)", v,
              Index.sum(Index.times("s", out), j, v * lanes), v);
        }
        code.endControlFlow();
        for (int v = 0; v < count; v++) {
          code.addStatement("acc$L.intoArray(g, $L)", v, Index.sum(weight, Index.times("k", out), j, v * lanes));
        }
        return code.build();
      }));
    }
    if (vectorEnd < out) {
      method.beginControlFlow("for (int j = $L; j < $L; j++)", vectorEnd, out)
          .addStatement("float acc = 0f")
          .beginControlFlow("for (int s = 0; s < batch; s++)")
          .addStatement("acc = Math.fma(dy[$L], x[$L], acc)", Index.sum(Index.times("s", out), "j"),
              Index.sum(Index.times("s", in), "k"))
          .endControlFlow()
          .addStatement("g[$L] = acc", Index.sum(weight, Index.times("k", out), "j"))
          .endControlFlow();
    }
    method.endControlFlow();

    if (propagate) {
      method.addComment("dx[s][k] = sum over j of dz[s][j] * W[k][j]");
      method.beginControlFlow("for (int s = 0; s < batch; s++)")
          .beginControlFlow("for (int k = 0; k < $L; k++)", in);
      if (vectorEnd > 0) {
        method.addStatement("FloatVector acc = FloatVector.zero(SPECIES)")
            .beginControlFlow("for (int j = 0; j < $L; j += $L)", vectorEnd, lanes)
            .addStatement("acc = FloatVector.fromArray(SPECIES, dy, $L).fma(FloatVector.fromArray(SPECIES, p, $L), acc)",
                Index.sum(Index.times("s", out), "j"), Index.sum(weight, Index.times("k", out), "j"))
            .endControlFlow()
            .addStatement("float sum = acc.reduceLanes(VectorOperators.ADD)");
      } else {
        method.addStatement("float sum = 0f");
      }
      if (vectorEnd < out) {
        method.beginControlFlow("for (int j = $L; j < $L; j++)", vectorEnd, out)
            .addStatement("sum = Math.fma(dy[$L], p[$L], sum)", Index.sum(Index.times("s", out), "j"),
                Index.sum(weight, Index.times("k", out), "j"))
            .endControlFlow();
      }
      method.addStatement("dx[$L] = sum", Index.sum(Index.times("s", in), "k"))
          .endControlFlow()
          .endControlFlow();
    }
    return method.build();
  }

  // ---- loop shapes -----------------------------------------------------------------------------

  /** Emits {@code body} for each run of up to {@link #ACCUMULATORS} vectors covering [0, end). */
  private CodeBlock forEachVectorGroup(int end, java.util.function.BiFunction<String, Integer, CodeBlock> body) {
    CodeBlock.Builder code = CodeBlock.builder();
    int vectors = end / lanes;
    int groups = vectors / ACCUMULATORS;
    int groupWidth = ACCUMULATORS * lanes;
    if (groups > 1) {
      code.add("// outputs 0..$L, $L vectors at a time\n", groups * groupWidth - 1, ACCUMULATORS)
          .beginControlFlow("for (int j = 0; j < $L; j += $L)", groups * groupWidth, groupWidth)
          .add(body.apply("j", ACCUMULATORS))
          .endControlFlow();
    } else if (groups == 1) {
      code.add(block(0, ACCUMULATORS, body));
    }
    int rest = vectors - groups * ACCUMULATORS;
    if (rest > 0) {
      code.add(block(groups * groupWidth, rest, body));
    }
    return code.build();
  }

  /** One unrolled run of vectors at a constant offset, in its own block so names can repeat. */
  private CodeBlock block(int start, int vectors, java.util.function.BiFunction<String, Integer, CodeBlock> body) {
    return CodeBlock.builder()
        .add("{ // outputs $L..$L\n", start, start + vectors * lanes - 1)
        .indent()
        .add(body.apply(Integer.toString(start), vectors))
        .unindent()
        .add("}\n")
        .build();
  }

  /** The body once per input k: unrolled with constant k for few inputs, else a loop. */
  private CodeBlock overInputs(java.util.function.Function<String, CodeBlock> body) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (in <= UNROLL_INPUTS) {
      for (int k = 0; k < in; k++) {
        code.add(body.apply(Integer.toString(k)));
      }
    } else {
      code.beginControlFlow("for (int k = 0; k < $L; k++)", in).add(body.apply("k")).endControlFlow();
    }
    return code.build();
  }
}
