package dev.nnc.bench.compare;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * ONNX Runtime's Java API on the ONNX file torch_bench.py exported, driven the fastest way the API
 * offers: the input and output tensors are bound once to direct buffers (the output as a pinned
 * output of {@link OrtSession#run(Map, Map)}), so a call copies the {@code float[]} input in, runs the
 * session and copies the output out, with no tensor allocated per call. That is the work nnc's
 * {@code predict(x, out)} does too.
 */
final class OrtPeer implements AutoCloseable {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final String outputName;
  private final int inputSize;
  private final int outputSize;
  final int threads;

  OrtPeer(OrtEnvironment env, Path model, int threads, int inputSize, int outputSize) throws OrtException {
    this.env = env;
    this.threads = threads;
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(model.toString(), options);
    }
    inputName = session.getInputNames().iterator().next();
    outputName = session.getOutputNames().iterator().next();
  }

  /** Input and output tensors for batches of exactly {@code batch} samples. */
  Binding bind(int batch) throws OrtException {
    return new Binding(batch);
  }

  final class Binding implements AutoCloseable {
    final int batch;
    private final FloatBuffer in;
    private final FloatBuffer out;
    private final OnnxTensor inTensor;
    private final OnnxTensor outTensor;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;

    private Binding(int batch) throws OrtException {
      this.batch = batch;
      in = direct(batch * inputSize);
      out = direct(batch * outputSize);
      inTensor = OnnxTensor.createTensor(env, in, new long[] {batch, inputSize});
      outTensor = OnnxTensor.createTensor(env, out, new long[] {batch, outputSize});
      inputs = Map.of(inputName, inTensor);
      outputs = Map.of(outputName, outTensor);
    }

    /** Runs {@code batch} samples of {@code x}, writing the outputs to {@code y}; returns y[0]. */
    float run(float[] x, float[] y) throws OrtException {
      in.put(0, x, 0, batch * inputSize);
      try (OrtSession.Result ignored = session.run(inputs, outputs)) {
        out.get(0, y, 0, batch * outputSize);
      }
      return y[0];
    }

    @Override
    public void close() {
      inTensor.close();
      outTensor.close();
    }
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
