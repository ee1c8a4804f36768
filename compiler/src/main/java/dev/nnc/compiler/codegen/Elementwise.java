package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnc.compiler.ir.Activation;
import dev.nnc.compiler.ir.Layer;
import javax.lang.model.element.Modifier;

/**
 * Kernels that treat a batch as one flat run of {@code batch * width} values: activation layers and
 * activation gradients. Vector body first, scalar tail after; softmax works sample by sample.
 */
final class Elementwise {

  private Elementwise() {}

  /** d(loss)/dz from d(loss)/dy and y, written to {@code dz} (which may be {@code dy}). */
  static CodeBlock activationGradient(Activation act, String dy, String y, String dz, int width, int lanes) {
    CodeBlock.Builder code = CodeBlock.builder();
    if (act == Activation.SOFTMAX) {
      code.beginControlFlow("for (int s = 0; s < batch; s++)")
          .addStatement("softmaxGradient($L, $L, $L, $L, $L)", y, dy, dz, Index.times("s", width), width)
          .endControlFlow();
      return code.build();
    }
    code.addStatement("int n = $L", Index.times("batch", width)).addStatement("int i = 0");
    if (lanes > 0) {
      code.beginControlFlow("for (; i < SPECIES.loopBound(n); i += $L)", lanes)
          .addStatement("FloatVector d = FloatVector.fromArray(SPECIES, $L, i)", dy)
          .addStatement("FloatVector yv = FloatVector.fromArray(SPECIES, $L, i)", y)
          .addStatement("$L.intoArray($L, i)", ActivationCode.vectorGradient(act, "d", "yv"), dz)
          .endControlFlow();
    }
    code.beginControlFlow("for (; i < n; i++)")
        .addStatement("$L[i] = $L", dz, ActivationCode.scalarGradient(act, dy + "[i]", y + "[i]"))
        .endControlFlow();
    return code.build();
  }

  /** Forward of an activation layer: y = act(x). */
  static MethodSpec forward(Step step, int lanes, String origin) {
    Layer.Act layer = (Layer.Act) step.layer();
    Activation act = layer.activation();
    int width = layer.inputShape().size();
    MethodSpec.Builder method = MethodSpec.methodBuilder(step.name() + "Forward")
        .addJavadoc("$L ($L): y = $L, for each of {@code batch} samples.\n", layer.describe(), origin,
            ActivationCode.formula(act))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "x")
        .addParameter(float[].class, "y")
        .addParameter(TypeName.INT, "batch");
    if (act == Activation.SOFTMAX) {
      method.beginControlFlow("for (int s = 0; s < batch; s++)")
          .addStatement("softmax(x, y, $L, $L)", Index.times("s", width), width)
          .endControlFlow();
      return method.build();
    }
    method.addStatement("int n = $L", Index.times("batch", width)).addStatement("int i = 0");
    if (lanes > 0 && ActivationCode.vectorizable(act)) {
      method.beginControlFlow("for (; i < SPECIES.loopBound(n); i += $L)", lanes)
          .addStatement("$L.intoArray(y, i)", ActivationCode.vector(act, "FloatVector.fromArray(SPECIES, x, i)"))
          .endControlFlow();
    }
    method.beginControlFlow("for (; i < n; i++)")
        .addStatement("y[i] = $L", ActivationCode.scalar(act, "x[i]"))
        .endControlFlow();
    return method.build();
  }

  /** Backward of an activation layer: dx = dy * act'(y). */
  static MethodSpec backward(Step step, int lanes, String origin) {
    Layer.Act layer = (Layer.Act) step.layer();
    Activation act = layer.activation();
    return MethodSpec.methodBuilder(step.name() + "Backward")
        .addJavadoc("Backward of $L ($L): dx = dy * $L.\n", layer.describe(), origin, ActivationCode.derivative(act))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "y")
        .addParameter(float[].class, "dy")
        .addParameter(float[].class, "dx")
        .addParameter(TypeName.INT, "batch")
        .addCode(activationGradient(act, "dy", "y", "dx", layer.inputShape().size(), lanes))
        .build();
  }
}
