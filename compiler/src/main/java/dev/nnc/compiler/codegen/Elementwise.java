package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnc.compiler.ir.Activation;
import dev.nnc.compiler.ir.Layer;
import javax.lang.model.element.Modifier;

/**
 * Kernels that treat a batch as one flat run of {@code batch * width} values: activation layers,
 * activation gradients and dropout. Vector body first, scalar tail after; softmax works sample by
 * sample.
 */
final class Elementwise {

  private Elementwise() {}

  /**
   * d(loss)/dz from d(loss)/dy, the output y and (for GELU) the pre-activation z, written to {@code dz}
   * (which may be {@code dy}).
   */
  static CodeBlock activationGradient(Activation act, String dy, String y, String z, String dz, int width, int lanes) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (act.kind() == Activation.Kind.SOFTMAX) {
      code.beginControlFlow("for (int s = from; s < to; s++)")
          .addStatement("softmaxGradient($L, $L, $L, $L, $L)", y, dy, dz, Index.times("s", width), width)
          .endControlFlow();
      return code.build();
    }
    code.addStatement("int n = $L", Index.times("to", width)).addStatement("int i = $L", Index.times("from", width));
    if (lanes > 0 && ActivationCode.vectorizableGradient(act)) {
      code.beginControlFlow("for (; i <= n - $L; i += $L)", lanes, lanes)
          .addStatement("FloatVector d = FloatVector.fromArray(SPECIES, $L, i)", dy);
      code.addStatement("FloatVector yv = FloatVector.fromArray(SPECIES, $L, i)", y);
      if (ActivationCode.needsPreActivation(act)) {
        code.addStatement("FloatVector zv = FloatVector.fromArray(SPECIES, $L, i)", z);
      }
      code.addStatement("$L.intoArray($L, i)", ActivationCode.vectorGradient(act, "d", "yv", "zv"), dz)
          .endControlFlow();
    }
    code.beginControlFlow("for (; i < n; i++)")
        .addStatement("$L[i] = $L", dz, ActivationCode.scalarGradient(act, dy + "[i]", y + "[i]", z + "[i]"))
        .endControlFlow();
    return code.build();
  }

  /** Forward of an activation layer: y = act(x). */
  static MethodSpec forward(Step step, int lanes, String origin) {
    Layer.Act layer = (Layer.Act) step.layer();
    Activation act = layer.activation();
    int width = layer.inputShape().size();
    MethodSpec.Builder method = MethodSpec.methodBuilder(step.name() + "Forward")
        .addJavadoc("$L ($L): y = $L, for samples {@code from} to {@code to} (exclusive).\n", layer.describe(), origin,
            ActivationCode.formula(act))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "x")
        .addParameter(float[].class, "y")
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "to");
    if (act.kind() == Activation.Kind.SOFTMAX) {
      method.beginControlFlow("for (int s = from; s < to; s++)")
          .addStatement("softmax(x, y, $L, $L)", Index.times("s", width), width)
          .endControlFlow();
      return method.build();
    }
    method.addStatement("int n = $L", Index.times("to", width)).addStatement("int i = $L", Index.times("from", width));
    if (lanes > 0 && ActivationCode.vectorizableInPass(act)) {
      method.beginControlFlow("for (; i <= n - $L; i += $L)", lanes, lanes)
          .addStatement("FloatVector v = FloatVector.fromArray(SPECIES, x, i)")
          .addStatement("$L.intoArray(y, i)", ActivationCode.vector(act, "v"))
          .endControlFlow();
    }
    method.beginControlFlow("for (; i < n; i++)")
        .addStatement("y[i] = $L", ActivationCode.scalar(act, "x[i]"))
        .endControlFlow();
    return method.build();
  }

  /** Backward of an activation layer: dx = dy * act'(y) (act'(x) for GELU). */
  static MethodSpec backward(Step step, int lanes, String origin) {
    Layer.Act layer = (Layer.Act) step.layer();
    Activation act = layer.activation();
    MethodSpec.Builder method = MethodSpec.methodBuilder(step.name() + "Backward")
        .addJavadoc("Backward of $L ($L): dx = dy * $L.\n", layer.describe(), origin, ActivationCode.derivative(act))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC);
    if (ActivationCode.needsPreActivation(act)) {
      method.addParameter(float[].class, "x");
    }
    return method.addParameter(float[].class, "y")
        .addParameter(float[].class, "dy")
        .addParameter(float[].class, "dx")
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "to")
        .addCode(activationGradient(act, "dy", "y", "x", "dx", layer.inputShape().size(), lanes))
        .build();
  }

  /** Inverted dropout: in training each value survives with probability 1 - rate and is scaled up. */
  static MethodSpec dropoutForward(Step step, String origin) {
    Layer.Dropout layer = (Layer.Dropout) step.layer();
    return dropoutMask(MethodSpec.methodBuilder(step.name() + "Forward")
        .addJavadoc("$L ($L): in training, y = x / (1 - $L) where a value survives, else 0; y = x in evaluation.\n",
            layer.describe(), origin, layer.rate()), layer, "x", "y");
  }

  /** Backward of dropout: the same mask (recomputed from the same seed) applied to the gradient. */
  static MethodSpec dropoutBackward(Step step, String origin) {
    Layer.Dropout layer = (Layer.Dropout) step.layer();
    return dropoutMask(MethodSpec.methodBuilder(step.name() + "Backward")
        .addJavadoc("Backward of $L ($L): in training dx = dy / (1 - $L) where the value survived, else 0;\n"
            + "dx = dy in evaluation.\n", layer.describe(), origin, layer.rate()), layer, "dy", "dx");
  }

  /**
   * {@code out = in} scaled by 1 / (1 - rate) where the mask keeps a value, 0 elsewhere, for samples
   * {@code from} to {@code to}; a plain copy in evaluation. Forward and backward share it, so they
   * cannot disagree on the mask.
   */
  private static MethodSpec dropoutMask(MethodSpec.Builder method, Layer.Dropout layer, String in, String out) {
    int width = layer.inputShape().size();
    return method
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, in)
        .addParameter(float[].class, out)
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "to")
        .addParameter(TypeName.BOOLEAN, "training")
        .addParameter(TypeName.LONG, "seed")
        .addStatement("int start = $L", Index.times("from", width))
        .addStatement("int n = $L", Index.times("to", width))
        .beginControlFlow("if (!training)")
        .addStatement("System.arraycopy($L, start, $L, start, n - start)", in, out)
        .addStatement("return")
        .endControlFlow()
        .beginControlFlow("for (int i = start; i < n; i++)")
        .addStatement("$L[i] = survives(seed, i, $L) ? $L[i] * $L : 0f", out, ActivationCode.floatLiteral(layer.rate()),
            in, ActivationCode.floatLiteral(1 / (1 - layer.rate())))
        .endControlFlow()
        .build();
  }
}
