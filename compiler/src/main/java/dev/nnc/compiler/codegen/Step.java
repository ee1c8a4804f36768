package dev.nnc.compiler.codegen;

import dev.nnc.compiler.ir.Layer;

/**
 * One layer lowered for code generation: which buffers it reads and writes in the forward pass and
 * which gradient buffers it reads and writes in the backward pass.
 *
 * @param layer the layer
 * @param name a Java-friendly name unique in the model, e.g. {@code dense1}, {@code relu2}
 * @param in the buffer holding the layer's input ({@code "x"} for the network input)
 * @param out the buffer the layer writes (the same as {@code in} for layers that only reshape)
 * @param gradIn where backward writes d(loss)/d(input), or null when nothing upstream needs it
 * @param gradOut where backward reads d(loss)/d(output)
 * @param preActivation the buffer keeping a dense layer's {@code z = x W + b}, where the loss reads it
 *     (a fused output layer) or the activation's derivative needs it (GELU); null otherwise
 * @param skipActivationGradient true where the loss hands back the gradient of the pre-activation
 *     itself (the fused output activation), so backward must not apply the activation's derivative
 */
record Step(
    Layer layer,
    String name,
    String in,
    String out,
    String gradIn,
    String gradOut,
    String preActivation,
    boolean skipActivationGradient) {

  /** A constant name for this step's parameter tensor, e.g. {@code DENSE1_WEIGHT}. */
  String offset(String tensor) {
    return name.toUpperCase(java.util.Locale.ROOT) + "_" + tensor;
  }
}
