package dev.nnc.compiler.codegen;

import dev.nnc.compiler.ir.Activation;
import dev.nnc.compiler.ir.Layer;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.runtime.ParameterBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model lowered for code generation: its layers as {@link Step}s with the buffers they read and
 * write, and its parameter and state tensors laid out in their flat arrays. The training class and the
 * exported classifier share it, so they run the same kernels on the same layout.
 */
final class NetworkPlan {

  /**
   * A float[] buffer: {@code size} values for each sample of a batch ({@code perSample}), or
   * {@code size} in all; with {@code perPart}, one such array for each part of a worker team's tasks.
   */
  record Buffer(int size, boolean perSample, boolean perPart) {
    Buffer(int size, boolean perSample) {
      this(size, perSample, false);
    }
  }

  /** A tensor inside the parameter or state array, named by its offset constant. */
  record Tensor(Step step, String suffix, int length, int fanIn, ParameterBlock.Role role, String doc) {
    String constant() {
      return step.offset(suffix);
    }
  }

  private final ModelSpec model;
  private final int lanes;
  private final int vectorRegisters;
  private final List<Step> steps = new ArrayList<>();
  /** Activation buffers by field name. */
  private final Map<String, Buffer> buffers = new LinkedHashMap<>();
  private final List<Tensor> parameters = new ArrayList<>();
  private final List<Tensor> stateTensors = new ArrayList<>();
  /** The value of each offset constant. */
  private final Map<String, Integer> offsets = new HashMap<>();
  /** The parameter array's length: the parameters and, in aligned layouts, the padding between them. */
  private int parameterArrayLength;

  /**
   * Models whose parameters fill at least this many bytes lay every parameter tensor out on a 64-byte
   * line. Their parameter and gradient arrays are then large enough to be G1 "humongous" objects with
   * the 1 MiB regions nnc's launchers ask for ({@code -XX:G1HeapRegionSize=1m}): such an array starts
   * at a region boundary and is never moved, so where its elements fall within cache lines is known.
   * Smaller arrays land wherever the allocator puts them, at 8-byte granularity.
   */
  static final int ALIGNED_LAYOUT_BYTES = 512 * 1024;

  /**
   * The first 64-byte-aligned element of a humongous float[]: HotSpot's array header (mark word,
   * compressed class pointer, length) takes 16 bytes, so element 12 sits 64 bytes past the region
   * boundary. With {@code -XX:+UseCompactObjectHeaders} (12-byte headers) the tensors sit 4 bytes off
   * every line: slower loads that split lines, the same results.
   */
  static final int FIRST_ALIGNED_INDEX = 12;

  /** Floats in a 64-byte cache line. */
  private static final int LINE_FLOATS = 16;

  /** @param vectorRegisters the target's vector registers, which bound the kernels' accumulators */
  NetworkPlan(ModelSpec model, int lanes, int vectorRegisters) {
    this.model = model;
    this.lanes = lanes;
    this.vectorRegisters = vectorRegisters;
    planSteps();
    parameterArrayLength = layOut(parameters, alignsParameters(model));
    layOut(stateTensors, false);
  }

  /**
   * True when {@code model}'s parameter tensors each start on a 64-byte line (see
   * {@link #ALIGNED_LAYOUT_BYTES}). It depends on the model alone, not on code generation options, so
   * a weights file fits every class generated from the model.
   */
  static boolean alignsParameters(ModelSpec model) {
    return (long) model.parameterCount() * Float.BYTES >= ALIGNED_LAYOUT_BYTES;
  }

  ModelSpec model() {
    return model;
  }

  int lanes() {
    return lanes;
  }

  List<Step> steps() {
    return Collections.unmodifiableList(steps);
  }

  Map<String, Buffer> buffers() {
    return Collections.unmodifiableMap(buffers);
  }

  List<Tensor> parameters() {
    return Collections.unmodifiableList(parameters);
  }

  List<Tensor> stateTensors() {
    return Collections.unmodifiableList(stateTensors);
  }

  int offset(Tensor tensor) {
    return offsets.get(tensor.constant());
  }

  /** Where the tensor named by offset constant {@code constant} (e.g. {@code DENSE1_WEIGHT}) starts in its array. */
  int offset(String constant) {
    return offsets.get(constant);
  }

  /** The length of the parameter (and gradient) array: {@link ModelSpec#parameterCount()} plus padding. */
  int parameterArrayLength() {
    return parameterArrayLength;
  }

  int stateCount() {
    return stateTensors.stream().mapToInt(Tensor::length).sum();
  }

  Step lastStep() {
    return steps.get(steps.size() - 1);
  }

  /** The .nn file's name without its folders, safe for comments. */
  String fileName() {
    return Comments.safe(baseName(model.source().displayName()));
  }

  /** A path's last part, whichever separator it uses. */
  static String baseName(String path) {
    return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  }

  /** "student.nn:13", where a layer is written. */
  String origin(Layer layer) {
    return fileName() + ":" + layer.position().line();
  }

  DenseKernels denseKernels(Step step, VectorConstants constants, KernelHelpers helpers) {
    return new DenseKernels(step, lanes, vectorRegisters, origin(step.layer()), constants, helpers,
        offset(step.offset("WEIGHT")), offset(step.offset("BIAS")), parameterArrayLength);
  }

  /** Names each layer, assigns the buffers it reads and writes, and lists its tensors. */
  private void planSteps() {
    Map<String, Integer> counts = new HashMap<>();
    String in = "x";
    String gradIn = null;
    boolean parametersUpstream = false;
    List<Layer> layers = model.layers();
    boolean fused = model.train() != null && model.lossFusedWithOutput()
        && model.outputActivation() != Activation.IDENTITY;
    for (int i = 1; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      boolean last = i == layers.size() - 1;
      String kind = camelCase(layer instanceof Layer.Act act ? act.activation().keyword()
          : layer.describe().split("[ (]")[0]);
      String name = kind + counts.merge(kind, 1, Integer::sum);
      boolean needsGrad = parametersUpstream || layer.parameterCount() > 0;
      int width = layer.outputShape().size();
      Step step;
      if (layer instanceof Layer.Flatten) {
        step = new Step(layer, name, in, in, gradIn, gradIn, null, false);
      } else {
        String out = perSample(name + "Out", width);
        String gradOut = needsGrad ? perSample(name + "Grad", width) : null;
        String preActivation = null;
        if (layer instanceof Layer.Dense dense
            && ((last && fused) || ActivationCode.needsPreActivation(dense.activation()))) {
          preActivation = perSample(name + (last && fused ? "Logits" : "Pre"), width);
        }
        step = new Step(layer, name, in, out, gradIn, gradOut, preActivation, last && fused);
      }
      steps.add(step);
      listTensors(step);
      in = step.out();
      gradIn = step.gradOut();
      parametersUpstream = needsGrad;
    }
  }

  private String perSample(String name, int width) {
    buffers.put(name, new Buffer(width, true));
    return name;
  }

  /** leaky_relu -> leakyRelu, for Java names. */
  static String camelCase(String keyword) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : keyword.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /** The layer's parameter and state tensors, in the order they sit in their arrays. */
  private void listTensors(Step step) {
    Layer layer = step.layer();
    String where = layer.describe() + " (" + origin(layer) + ")";
    if (layer instanceof Layer.Dense dense) {
      if (DenseKernels.needsTransposed(step, lanes)) {
        buffers.put(DenseKernels.transposedBuffer(step), new Buffer(dense.inputs() * dense.units(), false,
            DenseKernels.transposesPerPart(step, lanes)));
      }
      parameters.add(new Tensor(step, "WEIGHT", dense.inputs() * dense.units(), dense.inputs(), ParameterBlock.Role.WEIGHT,
          where + ": weights, {@code [" + dense.inputs() + "][" + dense.units() + "]} input-major."));
      parameters.add(new Tensor(step, "BIAS", dense.units(), dense.inputs(), ParameterBlock.Role.BIAS,
          dense.describe() + ": biases, {@code [" + dense.units() + "]}."));
    } else if (layer instanceof Layer.BatchNorm norm) {
      int features = norm.inputShape().size();
      parameters.add(new Tensor(step, "SCALE", features, features, ParameterBlock.Role.SCALE,
          where + ": scale (gamma), {@code [" + features + "]}."));
      parameters.add(new Tensor(step, "SHIFT", features, features, ParameterBlock.Role.SHIFT,
          norm.describe() + ": shift (beta), {@code [" + features + "]}."));
      stateTensors.add(new Tensor(step, "RUNNING_MEAN", features, features, ParameterBlock.Role.RUNNING_MEAN,
          where + ": running mean, {@code [" + features + "]}, in the state array."));
      stateTensors.add(new Tensor(step, "RUNNING_VARIANCE", features, features, ParameterBlock.Role.RUNNING_VARIANCE,
          norm.describe() + ": running variance, {@code [" + features + "]}, in the state array."));
      buffers.put(step.name() + "Mean", new Buffer(features, false));
      buffers.put(step.name() + "InvStd", new Buffer(features, false));
    }
  }

  /** Places the tensors one after another, each on a line of its own when {@code aligned}; returns the length. */
  private int layOut(List<Tensor> tensors, boolean aligned) {
    int offset = 0;
    for (Tensor tensor : tensors) {
      if (aligned) {
        offset += Math.floorMod(FIRST_ALIGNED_INDEX - offset, LINE_FLOATS);
      }
      offsets.put(tensor.constant(), offset);
      offset += tensor.length();
    }
    return offset;
  }
}
