package dev.nnc.bench.compare;

import dev.nnc.bench.Workload;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.ParameterBlock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes what the peers need to build the same network and feed it the same data: for workload
 * {@code Wn}, {@code Wn.txt} (architecture, loss, batch sizes, nnc's first-step loss) and raw
 * little-endian float32 files ({@code Wn.params.f32}: each W {@code [in][out]} then its b, without
 * the padding of nnc's layout; {@code Wn.x1.f32}, {@code Wn.x64.f32}, {@code Wn.y64.f32},
 * {@code Wn.x256.f32}, and nnc's outputs for the 256 inputs,
 * {@code Wn.out256.f32}). bench/peers/torch_bench.py reads them, builds the PyTorch model with nnc's
 * initial weights and exports it to {@code Wn.onnx}.
 */
final class PeerExport {

  /** The learning rate of the training-step figure, for nnc and the peers alike (as TrainStepBenchmark). */
  static final double LEARNING_RATE = 1e-3;

  private PeerExport() {}

  /** One dense layer as the peers build it: {@code in} to {@code out} units, then the activation. */
  record Dense(int in, int out, String activation) {}

  static void export(Workload workload, Path dir) throws IOException {
    Network net = workload.network(true, Workload.INFERENCE_BATCH);
    List<Dense> layers = denseLayers(net);
    float[] x1 = workload.inputs(net, 1);
    float[] x64 = workload.inputs(net, Workload.TRAIN_BATCH);
    float[] y64 = workload.targets(net, Workload.TRAIN_BATCH);
    float[] x256 = workload.inputs(net, Workload.INFERENCE_BATCH);

    net.setTraining(false);
    net.forward(x256, Workload.INFERENCE_BATCH);
    float[] out256 = java.util.Arrays.copyOf(net.output(), Workload.INFERENCE_BATCH * net.outputSize());
    boolean fused = net.lossInput() != net.output();

    // The loss the first training step sees, before any update: the peers must find the same.
    float[] params = packed(net);
    net.setTraining(true);
    net.forward(x64, Workload.TRAIN_BATCH);
    float loss0 = net.loss().loss(net.lossInput(), y64, Workload.TRAIN_BATCH, net.outputSize());

    String name = workload.name();
    writeFloats(dir.resolve(name + ".params.f32"), params);
    writeFloats(dir.resolve(name + ".x1.f32"), x1);
    writeFloats(dir.resolve(name + ".x64.f32"), x64);
    writeFloats(dir.resolve(name + ".y64.f32"), y64);
    writeFloats(dir.resolve(name + ".x256.f32"), x256);
    writeFloats(dir.resolve(name + ".out256.f32"), out256);

    StringBuilder text = new StringBuilder();
    text.append("# Written by dev.nnc.bench.compare.SideBySide export; read by bench/peers/torch_bench.py\n");
    text.append("workload ").append(name).append('\n');
    text.append("model ").append(net.modelName()).append('\n');
    text.append("model_file ").append(workload.modelFile()).append('\n');
    text.append("signature ").append(net.signature()).append('\n');
    text.append("input ").append(net.inputSize()).append('\n');
    text.append("output ").append(net.outputSize()).append('\n');
    text.append("parameters ").append(params.length).append('\n');
    for (Dense d : layers) {
      text.append("dense ").append(d.in()).append(' ').append(d.out()).append(' ').append(d.activation()).append('\n');
    }
    text.append("loss ").append(net.loss().name()).append('\n');
    text.append("loss_on_logits ").append(fused).append('\n');
    text.append("target_width ").append(net.loss().targetWidth(net.outputSize())).append('\n');
    text.append("lr ").append(LEARNING_RATE).append('\n');
    text.append("train_batch ").append(Workload.TRAIN_BATCH).append('\n');
    text.append("inference_batch ").append(Workload.INFERENCE_BATCH).append('\n');
    text.append("loss0 ").append(String.format(Locale.ROOT, "%.9g", loss0)).append('\n');
    Files.writeString(dir.resolve(name + ".txt"), text);
  }

  /**
   * The network as a chain of dense layers, from its parameter layout (weight {@code [in][out]}
   * input-major, then bias, per layer) and the activations named in its signature. Anything else
   * (convolutions, BatchNorm, dropout) is refused: the peers' script only builds MLPs.
   */
  static List<Dense> denseLayers(Network net) {
    List<String> activations = new ArrayList<>();
    for (String token : net.signature().split(" ")) {
      String kind = token.contains(":") ? token.substring(0, token.indexOf(':')) : token.replaceAll("\\[.*", "");
      switch (kind) {
        case "input", "flatten" -> { }
        case "dense" -> {
          String[] parts = token.replaceAll("\\[.*", "").split(":");
          activations.add(parts.length > 2 ? parts[2] : "none");
        }
        default -> throw new IllegalArgumentException(
            "the side-by-side comparison builds dense networks only; " + net.modelName() + " has " + token);
      }
    }
    List<ParameterBlock> blocks = net.parameterLayout();
    if (blocks.size() != 2 * activations.size()) {
      throw new IllegalStateException("unexpected parameter layout of " + net.modelName() + ": " + blocks);
    }
    List<Dense> layers = new ArrayList<>();
    int end = 0;
    for (int i = 0; i < activations.size(); i++) {
      ParameterBlock weight = blocks.get(2 * i);
      ParameterBlock bias = blocks.get(2 * i + 1);
      int in = weight.fanIn();
      int out = bias.length();
      // Blocks in order, possibly with padding between them (large models align each to a cache line).
      if (weight.offset() < end || weight.length() != in * out || bias.offset() < weight.offset() + weight.length()
          || !weight.name().endsWith(".weight") || !bias.name().endsWith(".bias")) {
        throw new IllegalStateException("unexpected parameter layout of " + net.modelName() + ": " + blocks);
      }
      end = bias.offset() + bias.length();
      layers.add(new Dense(in, out, activations.get(i)));
    }
    return layers;
  }

  /** The parameters block after block, without padding: W1, b1, W2, b2, ... as the peers' script reads them. */
  static float[] packed(Network net) {
    List<ParameterBlock> blocks = net.parameterLayout();
    float[] packed = new float[blocks.stream().mapToInt(ParameterBlock::length).sum()];
    int at = 0;
    for (ParameterBlock block : blocks) {
      System.arraycopy(net.parameters(), block.offset(), packed, at, block.length());
      at += block.length();
    }
    return packed;
  }

  static void writeFloats(Path file, float[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    Files.write(file, bytes.array());
  }
}
