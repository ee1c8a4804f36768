package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.codegen.NetworkGenerator;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.ParameterBlock;
import dev.nnc.runtime.io.WeightsData;
import dev.nnc.runtime.io.WeightsFile;
import dev.nnc.runtime.io.WeightsFormatException;
import dev.nnc.runtime.optim.AdamW;
import dev.nnc.runtime.parallel.WorkerTeam;
import dev.nnc.runtime.train.Initializer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models with 512 KiB of parameters or more start each parameter tensor on a 64-byte line of their
 * (humongous) arrays, with padding between the tensors; smaller models stay packed. The padding must
 * stay zero and out of every result, and weights files of the packed layout must be refused.
 */
class AlignedLayoutTest {

  /** W3 of bench/: 235,146 parameters, 940 KB. */
  static final String LARGE = """
      model Large
      network { input 784; dense 256 relu; dense 128 relu; dense 10 softmax }
      train { loss cross_entropy }
      """;

  /** Just under 512 KiB (524,288 bytes): 100 x 1290 + 1290 = 130,290 floats, 521,160 bytes. */
  static final String JUST_BELOW = """
      model Below
      network { input 100; dense 1290 sigmoid }
      train { loss bce }
      """;

  /**
   * Aligned, with the last layer's 5 biases on a line of their own, 8 floats after its 264 x 5 weights,
   * and near the array's end: a vector read of them, shifted back to stay inside the array, must count
   * from where they start (the forward once read past the end).
   */
  static final String PADDED_LAST_BIASES = """
      model PaddedBiases
      network { input 260; dense 256 relu; dense 264 relu; dense 5 softmax }
      train { loss cross_entropy }
      """;

  static final int BATCH = 8;

  @Test
  void largeModelsStartEachTensorOnALineAndSmallOnesStayPacked() {
    Network large = TestModels.network(LARGE, 512, BATCH);
    int count = 0;
    for (ParameterBlock block : large.parameterLayout()) {
      // A humongous float[] starts at a region boundary; its 16-byte header puts element 12 on a line.
      assertEquals(12, block.offset() % 16, block.name() + " at " + block.offset());
      count += block.length();
    }
    assertEquals(235_146, count);
    int padding = large.parameters().length - count;
    assertTrue(padding > 0 && padding < 16 * large.parameterLayout().size(), "padding " + padding);
    assertEquals(large.parameters().length, large.gradients().length);

    for (String small : List.of(JUST_BELOW, GradientCheckTest.STUDENT)) {
      Network packed = TestModels.network(small, 512, BATCH);
      int end = 0;
      for (ParameterBlock block : packed.parameterLayout()) {
        assertEquals(end, block.offset(), block.name());
        end += block.length();
      }
      assertEquals(end, packed.parameters().length);
    }
  }

  @ParameterizedTest(name = "{0}-bit")
  @ValueSource(ints = {0, 512})
  void paddingStaysZeroThroughInitializationPassesAndSteps(int bits) {
    Network net = TestModels.network(LARGE, bits, BATCH);
    BitSet padding = padding(net);
    Arrays.fill(net.parameters(), Float.NaN);
    Initializer.initialize(net, 7);
    assertZeroAt(padding, net.parameters(), "parameters after initialization");
    float[] x = TestModels.inputs(BATCH, net.inputSize(), 1);
    float[] y = TestModels.targets(net, BATCH, 2);
    AdamW optimizer = new AdamW(1e-2, 0.9, 0.999, 1e-8, 0.1);
    try (WorkerTeam team = WorkerTeam.of(2)) {
      net.setWorkers(team);
      for (int step = 0; step < 3; step++) {
        net.forward(x, BATCH);
        net.loss().lossAndGradient(net.lossInput(), y, BATCH, net.outputSize(), net.lossGradient());
        net.backward(x, BATCH);
        assertZeroAt(padding, net.gradients(), "gradients of step " + step);
        optimizer.step(net.parameters(), net.gradients(), team, net.parameterSplit());
      }
    }
    assertZeroAt(padding, net.parameters(), "parameters after 3 AdamW steps with weight decay");
    for (float g : net.gradients()) {
      assertTrue(Float.isFinite(g));
    }
  }

  @Test
  void vectorAndScalarFlavoursAgreeOnTheAlignedLayout() {
    assertFlavoursAgree(LARGE, 512);
  }

  @ParameterizedTest(name = "{0}-bit")
  @ValueSource(ints = {256, 512})
  void biasesOnALineOfTheirOwnAreReadInsideTheArray(int bits) {
    Network net = TestModels.network(PADDED_LAST_BIASES, bits, BATCH);
    ParameterBlock weights = net.parameterLayout().get(4);
    ParameterBlock biases = net.parameterLayout().get(5);
    assertTrue(biases.offset() > weights.offset() + weights.length(), "the last biases follow their weights");
    assertTrue(biases.offset() + 16 > net.parameters().length, "a vector from the last biases fits the array");
    assertFlavoursAgree(PADDED_LAST_BIASES, bits);
  }

  /** {@code model}'s forward and backward: the same bits in the {@code bits}-bit flavour as in the scalar one. */
  private static void assertFlavoursAgree(String model, int bits) {
    Network vector = TestModels.network(model, bits, BATCH);
    Network scalar = TestModels.network(model, 0, BATCH);
    Initializer.initialize(vector, 3);
    Initializer.initialize(scalar, 3);
    float[] x = TestModels.inputs(BATCH, vector.inputSize(), 4);
    float[] y = TestModels.targets(vector, BATCH, 5);
    for (Network net : List.of(vector, scalar)) {
      net.forward(x, BATCH);
      net.loss().lossAndGradient(net.lossInput(), y, BATCH, net.outputSize(), net.lossGradient());
      net.backward(x, BATCH);
    }
    int outputs = BATCH * vector.outputSize();
    GradientCheckTest.assertArrayEqualsBits(Arrays.copyOf(scalar.output(), outputs),
        Arrays.copyOf(vector.output(), outputs));
    GradientCheckTest.assertArrayEqualsBits(scalar.gradients(), vector.gradients());
  }

  @Test
  void weightsOfThePackedLayoutAreRefusedWithAMessage() throws CompileException {
    Network net = TestModels.network(LARGE, 512, BATCH);
    long fingerprint = NetworkGenerator.fingerprint(NncCompiler.check(SourceFile.of("large.nn", LARGE)));
    assertEquals(fingerprint, net.fingerprint());
    // The fingerprint the packed layout had: the same signature without the alignment marker.
    long packed = fnv1a("nnc-layout-1 " + net.signature());
    assertNotEquals(packed, net.fingerprint());
    WeightsData old = new WeightsData(net.modelName(), net.signature(), packed, new float[0], new float[0],
        new float[235_146], new float[0]);
    Executable load = () -> WeightsFile.checkCompatible(old, net, "large.nnw");
    String message = assertThrows(WeightsFormatException.class, load).getMessage();
    assertTrue(message.contains("large.nnw") && message.contains("64-byte line") && message.contains("train"),
        message);

    // A packed model keeps the fingerprint it always had, so its weights files still load.
    Network student = TestModels.network(GradientCheckTest.STUDENT, 512, BATCH);
    assertEquals(fnv1a("nnc-layout-1 " + student.signature()), student.fingerprint());
  }

  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** The indices of the parameter array that no block covers. */
  private static BitSet padding(Network net) {
    BitSet padding = new BitSet();
    padding.set(0, net.parameters().length);
    for (ParameterBlock block : net.parameterLayout()) {
      padding.clear(block.offset(), block.offset() + block.length());
    }
    assertTrue(padding.cardinality() > 0, "the layout has no padding to check");
    return padding;
  }

  private static void assertZeroAt(BitSet indices, float[] values, String what) {
    for (int i = indices.nextSetBit(0); i >= 0; i = indices.nextSetBit(i + 1)) {
      assertEquals(0f, values[i], what + ": padding at " + i);
    }
  }
}
