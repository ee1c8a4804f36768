package dev.nnc.compiler.codegen;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.nnc.compiler.ir.Layer;
import javax.lang.model.element.Modifier;

/**
 * Forward and backward of batch normalization over the features of a vector, as PyTorch's
 * {@code BatchNorm1d}. Statistics are summed in double: they feed every value of the batch.
 */
final class BatchNormKernels {

  private final Step step;
  private final Layer.BatchNorm layer;
  private final int features;
  private final String origin;

  BatchNormKernels(Step step, String origin) {
    this.step = step;
    this.layer = (Layer.BatchNorm) step.layer();
    this.features = layer.inputShape().size();
    this.origin = origin;
  }

  /**
   * y = gamma (x - mean) / sqrt(var + eps) + beta per feature: batch statistics in training (kept in
   * {@code mean}/{@code invStd} for backward, folded into the running averages), running averages in
   * evaluation.
   */
  MethodSpec forward() {
    String momentum = ActivationCode.floatLiteral(layer.momentum());
    return MethodSpec.methodBuilder(step.name() + "Forward")
        .addJavadoc("$L ($L): y = gamma (x - mean) / sqrt(var + $L) + beta over $L features; batch statistics in\n"
            + "training (updating the running averages with momentum $L), running averages in evaluation.\n",
            layer.describe(), origin, layer.eps(), features, layer.momentum())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "p")
        .addParameter(float[].class, "state")
        .addParameter(float[].class, "x")
        .addParameter(float[].class, "y")
        .addParameter(float[].class, "mean")
        .addParameter(float[].class, "invStd")
        .addParameter(TypeName.INT, "batch")
        .addParameter(TypeName.BOOLEAN, "training")
        .beginControlFlow("for (int j = 0; j < $L; j++)", features)
        .beginControlFlow("if (training)")
        .addStatement("double sum = 0")
        .beginControlFlow("for (int s = 0; s < batch; s++)")
        .addStatement("sum += x[$L]", Index.sum(Index.times("s", features), "j"))
        .endControlFlow()
        .addStatement("double mu = sum / batch")
        .addStatement("double squares = 0")
        .beginControlFlow("for (int s = 0; s < batch; s++)")
        .addStatement("double d = x[$L] - mu", Index.sum(Index.times("s", features), "j"))
        .addStatement("squares += d * d")
        .endControlFlow()
        .addStatement("mean[j] = (float) mu")
        .addStatement("invStd[j] = (float) (1 / Math.sqrt(squares / batch + $L))", layer.eps())
        .addComment("running averages use the unbiased variance, as PyTorch does")
        .addStatement("double unbiased = batch > 1 ? squares / (batch - 1) : squares")
        .addStatement("state[$L] = (1f - $L) * state[$L] + $L * (float) mu", Index.sum(step.offset("RUNNING_MEAN"), "j"),
            momentum, Index.sum(step.offset("RUNNING_MEAN"), "j"), momentum)
        .addStatement("state[$L] = (1f - $L) * state[$L] + $L * (float) unbiased",
            Index.sum(step.offset("RUNNING_VARIANCE"), "j"), momentum, Index.sum(step.offset("RUNNING_VARIANCE"), "j"),
            momentum)
        .nextControlFlow("else")
        .addStatement("mean[j] = state[$L]", Index.sum(step.offset("RUNNING_MEAN"), "j"))
        .addStatement("invStd[j] = (float) (1 / Math.sqrt(state[$L] + $L))",
            Index.sum(step.offset("RUNNING_VARIANCE"), "j"), layer.eps())
        .endControlFlow()
        .addStatement("float scale = p[$L]", Index.sum(step.offset("SCALE"), "j"))
        .addStatement("float shift = p[$L]", Index.sum(step.offset("SHIFT"), "j"))
        .beginControlFlow("for (int s = 0; s < batch; s++)")
        .addStatement("int i = $L", Index.sum(Index.times("s", features), "j"))
        .addStatement("y[i] = (x[i] - mean[j]) * invStd[j] * scale + shift")
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  /**
   * Evaluation only, for exported classifiers: the running averages, computed with the same float
   * operations as {@link #forward()}'s evaluation branch so the outputs are the same bits.
   */
  MethodSpec inference() {
    return MethodSpec.methodBuilder(step.name() + "Forward")
        .addJavadoc("$L ($L): y = gamma (x - running mean) / sqrt(running var + $L) + beta over $L features,\n"
            + "for samples {@code from} to {@code to} (exclusive).\n", layer.describe(), origin, layer.eps(), features)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "p")
        .addParameter(float[].class, "state")
        .addParameter(float[].class, "x")
        .addParameter(float[].class, "y")
        .addParameter(TypeName.INT, "from")
        .addParameter(TypeName.INT, "to")
        .beginControlFlow("for (int j = 0; j < $L; j++)", features)
        .addStatement("float mean = state[$L]", Index.sum(step.offset("RUNNING_MEAN"), "j"))
        .addStatement("float invStd = (float) (1 / Math.sqrt(state[$L] + $L))",
            Index.sum(step.offset("RUNNING_VARIANCE"), "j"), layer.eps())
        .addStatement("float scale = p[$L]", Index.sum(step.offset("SCALE"), "j"))
        .addStatement("float shift = p[$L]", Index.sum(step.offset("SHIFT"), "j"))
        .beginControlFlow("for (int s = from; s < to; s++)")
        .addStatement("int i = $L", Index.sum(Index.times("s", features), "j"))
        .addStatement("y[i] = (x[i] - mean) * invStd * scale + shift")
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  /**
   * With xhat = (x - mean) invStd: dgamma = sum dy xhat, dbeta = sum dy, and
   * dx = gamma invStd / n (n dy - sum dy - xhat sum dy xhat).
   */
  MethodSpec backward() {
    boolean propagate = step.gradIn() != null;
    MethodSpec.Builder method = MethodSpec.methodBuilder(step.name() + "Backward")
        .addJavadoc("Backward of $L ($L): dgamma = sum dy xhat, dbeta = sum dy$L.\n", layer.describe(),
            origin, propagate ? ", dx = gamma invStd / n (n dy - sum dy - xhat sum dy xhat) in training,\n"
                + "gamma invStd dy in evaluation" : "")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(float[].class, "p")
        .addParameter(float[].class, "g")
        .addParameter(float[].class, "x")
        .addParameter(float[].class, "mean")
        .addParameter(float[].class, "invStd")
        .addParameter(float[].class, "dy");
    if (propagate) {
      method.addParameter(float[].class, "dx");
    }
    method.addParameter(TypeName.INT, "batch");
    if (propagate) {
      method.addParameter(TypeName.BOOLEAN, "training");
    }
    method.beginControlFlow("for (int j = 0; j < $L; j++)", features)
        .addStatement("double sumDy = 0")
        .addStatement("double sumDyXhat = 0")
        .beginControlFlow("for (int s = 0; s < batch; s++)")
        .addStatement("int i = $L", Index.sum(Index.times("s", features), "j"))
        .addStatement("sumDy += dy[i]")
        .addStatement("sumDyXhat += dy[i] * ((x[i] - mean[j]) * invStd[j])")
        .endControlFlow()
        .addStatement("g[$L] = (float) sumDyXhat", Index.sum(step.offset("SCALE"), "j"))
        .addStatement("g[$L] = (float) sumDy", Index.sum(step.offset("SHIFT"), "j"));
    if (propagate) {
      method.beginControlFlow("if (training)")
          .addStatement("double k = p[$L] * invStd[j] / batch", Index.sum(step.offset("SCALE"), "j"))
          .beginControlFlow("for (int s = 0; s < batch; s++)")
          .addStatement("int i = $L", Index.sum(Index.times("s", features), "j"))
          .addStatement("double xhat = (x[i] - mean[j]) * invStd[j]")
          .addStatement("dx[i] = (float) (k * (batch * (double) dy[i] - sumDy - xhat * sumDyXhat))")
          .endControlFlow()
          .nextControlFlow("else")
          .addComment("evaluation used fixed running statistics: the layer is affine, dx = gamma invStd dy")
          .addStatement("float k = p[$L] * invStd[j]", Index.sum(step.offset("SCALE"), "j"))
          .beginControlFlow("for (int s = 0; s < batch; s++)")
          .addStatement("int i = $L", Index.sum(Index.times("s", features), "j"))
          .addStatement("dx[i] = k * dy[i]")
          .endControlFlow()
          .endControlFlow();
    }
    return method.endControlFlow().build();
  }
}
