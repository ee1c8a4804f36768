package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.optim.Adam;
import dev.nnc.runtime.parallel.WorkerTeam;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Splitting a batch across threads must not change a single bit: each thread owns its samples in the
 * per-sample passes and its rows of each weight gradient, and every sum runs in sample order.
 */
class ParallelPassesTest {

  /** Big enough to be split (about 40k parameters), with every kind of step between the splits. */
  static final String MODEL = """
      model Split
      network { input 64; dense 300 relu; batchnorm; dropout 0.2; dense 70 tanh; dense 20 sigmoid; dense 9 gelu; dense 5 softmax }
      train { loss cross_entropy }
      """;

  /** Not a multiple of the 8-row blocks: parts of 8, 16 and 13 samples with three threads. */
  static final int BATCH = 37;

  @ParameterizedTest(name = "{0}-bit")
  @ValueSource(ints = {0, 256, 512})
  void oneTwoAndThreeThreadsGiveTheSameBits(int bits) {
    var source = TestModels.generate(MODEL, bits);
    List<float[]> reference = pass(TestModels.instantiate(source, BATCH), null);
    for (int threads : new int[] {2, 3}) {
      try (WorkerTeam team = WorkerTeam.of(threads)) {
        List<float[]> split = pass(TestModels.instantiate(source, BATCH), team);
        // forward, loss input, gradients, BatchNorm running statistics: all of them
        assertTrue(team.tasksSplit() >= 4, "the passes were not split: " + team.tasksSplit());
        for (int i = 0; i < reference.size(); i++) {
          GradientCheckTest.assertArrayEqualsBits(reference.get(i), split.get(i));
        }
      }
    }
  }

  /**
   * Layers large enough for a single-sample predict to share them by columns: whole groups split
   * between the threads and a tail of columns past the last group, BatchNorm between them.
   */
  static final String WIDE_MODEL = """
      model Wide
      network { input 100; dense 300 relu; batchnorm; dense 200; dense 10 softmax }
      train { loss cross_entropy }
      """;

  @ParameterizedTest(name = "{0}-bit")
  @ValueSource(ints = {256, 512})
  void predictSharedByColumnsGivesTheSameBitsAsAForwardPass(int bits) {
    var source = TestModels.generate(WIDE_MODEL, bits);
    assertTrue(source.source().contains("dense1ForwardColumnsTail("), "no column tail to test");
    // BatchNorm runs on the caller between the two shared layers: a task for each.
    assertPredictMatchesForwardPass(source, 2);
  }

  /** Two shared layers in a row, the second reading all of the first one's columns. */
  static final String CHAINED_MODEL = """
      model Chained
      network { input 100; dense 300 relu; dense 200 relu; dense 10 softmax }
      train { loss cross_entropy }
      """;

  @ParameterizedTest(name = "{0}-bit")
  @ValueSource(ints = {256, 512})
  void consecutiveSharedLayersRunAsThePhasesOfOneTask(int bits) {
    var source = TestModels.generate(CHAINED_MODEL, bits);
    assertTrue(source.source().contains("workers.runInPhases(predictDense1ToDense2Phases)"),
        "the shared layers are not one task");
    assertPredictMatchesForwardPass(source, 1);
  }

  /**
   * Inputs half of zeros, as an image's background is: a single sample's kernels step over them (and
   * over the zeros of the ReLU between the layers), which must not change a bit. The first sample is
   * zeros only.
   */
  @ParameterizedTest(name = "{0}-bit")
  @ValueSource(ints = {256, 512})
  void predictSkippingZerosGivesTheSameBitsAsAForwardPass(int bits) {
    var source = TestModels.generate(CHAINED_MODEL, bits);
    assertTrue(source.source().contains("k = nextNonzero(x, x0, 1, k + 1, 100)"), "the first layer skips no zeros");
    float[] x = TestModels.withZeros(TestModels.inputs(BATCH, 100, 4), 5);
    Arrays.fill(x, 0, 100, 0f);
    assertPredictMatchesForwardPass(source, 1, x);
  }

  /**
   * Every sample's predict, alone (the direct single-sample path) and on a team of 2 and of 3, gives the
   * bits of a batch forward pass on one thread, in {@code tasksPerSample} hand-offs to the team.
   */
  private static void assertPredictMatchesForwardPass(GeneratedSource source, int tasksPerSample) {
    assertPredictMatchesForwardPass(source, tasksPerSample, null);
  }

  /** As above, on {@code inputs} (or standard normal ones if null). */
  private static void assertPredictMatchesForwardPass(GeneratedSource source, int tasksPerSample, float[] inputs) {
    Network alone = TestModels.instantiate(source, BATCH);
    TestModels.randomize(alone, 3);
    if (alone.state().length > 0) {
      alone.state()[0] = 0.25f; // a BatchNorm running mean that is not zero
    }
    alone.setTraining(false);
    float[] x = inputs != null ? inputs : TestModels.inputs(BATCH, alone.inputSize(), 4);
    alone.forward(x, BATCH);
    float[] batchOutput = Arrays.copyOf(alone.output(), BATCH * alone.outputSize());
    float[] single = new float[alone.outputSize()];
    for (int s = 0; s < BATCH; s++) {
      alone.predict(Arrays.copyOfRange(x, s * alone.inputSize(), (s + 1) * alone.inputSize()), single);
      GradientCheckTest.assertArrayEqualsBits(
          Arrays.copyOfRange(batchOutput, s * single.length, (s + 1) * single.length), single);
    }
    for (int threads : new int[] {2, 3}) {
      try (WorkerTeam team = WorkerTeam.of(threads)) {
        Network shared = TestModels.instantiate(source, 1);
        System.arraycopy(alone.parameters(), 0, shared.parameters(), 0, alone.parameters().length);
        System.arraycopy(alone.state(), 0, shared.state(), 0, alone.state().length);
        shared.setTraining(false);
        shared.setWorkers(team);
        float[] out = new float[shared.outputSize()];
        for (int s = 0; s < BATCH; s++) {
          shared.predict(Arrays.copyOfRange(x, s * shared.inputSize(), (s + 1) * shared.inputSize()), out);
          GradientCheckTest.assertArrayEqualsBits(
              Arrays.copyOfRange(batchOutput, s * out.length, (s + 1) * out.length), out);
        }
        assertEquals((long) tasksPerSample * BATCH, team.tasksSplit(), "hand-offs for " + BATCH + " samples");
      }
    }
  }

  /**
   * Both hidden layers wide enough (256 x 256 weights and more) for the threads to share their forward by
   * inputs, as pipelines; 260 inputs are not whole blocks of 8, and the second pipeline reads dropout's
   * output. The second layer's W^T is too large for a copy per thread: the threads share one, each
   * transposing its rows (88 of them with three threads, not whole vectors); the last layer's is copied
   * whole by each.
   */
  static final String PIPELINED_MODEL = """
      model Piped
      network { input 260; dense 256 relu; dropout 0.1; dense 320 relu; dense 5 softmax }
      train { loss cross_entropy }
      """;

  /**
   * Training steps with the dense layers shared by inputs and Adam split as the network says: the same
   * bits as one thread, for a batch of whole tiles and for one with samples left over (37 = 9 tiles + 1).
   */
  @ParameterizedTest(name = "{0}-bit")
  @ValueSource(ints = {256, 512})
  void trainingStepsWithPipelinedLayersGiveTheSameBits(int bits) {
    var source = TestModels.generate(PIPELINED_MODEL, bits);
    assertTrue(source.source().contains("dense1ForwardPipeline(") && source.source().contains("dense2ForwardPipeline("),
        "the hidden layers are not pipelined");
    assertTrue(source.source().contains("dense2Transpose(params, dense2Transposed,"), "dense 320's W^T is not shared");
    assertTrue(source.source().contains("dense3Transpose(params, dense3Wt, 0, 320)"), "dense 5's W^T is not per part");
    for (int batch : new int[] {BATCH, 64}) {
      List<float[]> reference = trainingSteps(TestModels.instantiate(source, batch), batch, null);
      for (int threads : new int[] {2, 3}) {
        try (WorkerTeam team = WorkerTeam.of(threads)) {
          List<float[]> split = trainingSteps(TestModels.instantiate(source, batch), batch, team);
          assertTrue(team.tasksSplit() >= 3 * 6, "the steps were not split: " + team.tasksSplit());
          for (int i = 0; i < reference.size(); i++) {
            GradientCheckTest.assertArrayEqualsBits(reference.get(i), split.get(i));
          }
        }
      }
    }
  }

  /**
   * Evaluating, the pipelined layers are split by samples instead, all layers in one task: the same bits
   * as one thread's forward, for a batch of whole tiles and one with samples left over.
   */
  @ParameterizedTest(name = "{0}-bit")
  @ValueSource(ints = {256, 512})
  void anEvaluationForwardTakesWholeSamplesInOneTaskWithTheSameBits(int bits) {
    var source = TestModels.generate(PIPELINED_MODEL, bits);
    assertTrue(source.source().contains("evaluateSamplesTask"), "no evaluation task");
    for (int batch : new int[] {BATCH, 64}) {
      Network alone = TestModels.instantiate(source, batch);
      TestModels.randomize(alone, 5);
      alone.setTraining(false);
      float[] x = TestModels.inputs(batch, alone.inputSize(), 6);
      alone.forward(x, batch);
      float[] reference = Arrays.copyOf(alone.output(), batch * alone.outputSize());
      for (int threads : new int[] {2, 3}) {
        try (WorkerTeam team = WorkerTeam.of(threads)) {
          Network shared = TestModels.instantiate(source, batch);
          System.arraycopy(alone.parameters(), 0, shared.parameters(), 0, alone.parameters().length);
          shared.setWorkers(team);
          shared.setTraining(false);
          shared.forward(x, batch);
          assertEquals(1, team.tasksSplit(), "one hand-off for the whole evaluation forward");
          GradientCheckTest.assertArrayEqualsBits(reference, Arrays.copyOf(shared.output(), reference.length));
        }
      }
    }
  }

  /** Three training steps; the last forward's output, the gradients and the parameters after them. */
  private static List<float[]> trainingSteps(Network net, int batch, WorkerTeam team) {
    TestModels.randomize(net, 5);
    net.setWorkers(team);
    net.setTraining(true);
    Adam adam = new Adam(1e-2);
    float[] x = TestModels.inputs(batch, net.inputSize(), 6);
    float[] y = TestModels.targets(net, batch, 7);
    for (int step = 0; step < 3; step++) {
      net.reseed(step);
      net.forward(x, batch);
      net.loss().lossAndGradient(net.lossInput(), y, batch, net.outputSize(), net.lossGradient());
      net.backward(x, batch);
      adam.step(net.parameters(), net.gradients(), team, net.parameterSplit());
    }
    return List.of(Arrays.copyOf(net.output(), batch * net.outputSize()), net.gradients().clone(),
        net.parameters().clone());
  }

  private static List<float[]> pass(Network net, WorkerTeam team) {
    TestModels.randomize(net, 7);
    net.setWorkers(team);
    net.setTraining(true);
    net.reseed(11);
    float[] x = TestModels.inputs(BATCH, net.inputSize(), 8);
    float[] y = TestModels.targets(net, BATCH, 9);
    net.forward(x, BATCH);
    float[] output = Arrays.copyOf(net.output(), BATCH * net.outputSize());
    net.loss().lossAndGradient(net.lossInput(), y, BATCH, net.outputSize(), net.lossGradient());
    net.backward(x, BATCH);
    return List.of(output, net.gradients().clone(), net.state().clone());
  }
}
