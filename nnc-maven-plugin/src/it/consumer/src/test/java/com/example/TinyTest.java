package com.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.nets.Tiny;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.ParameterBlock;
import org.junit.jupiter.api.Test;

/** The class nnc:generate made from src/main/nn/com/example/nets/tiny.nn, with weights set by hand. */
class TinyTest {

  // input-major [2][4]: row i holds the weights from input i to the 4 hidden units
  static final float[] W1 = {1f, -1f, 0.5f, 2f, 0.5f, 1f, -1f, -0.25f};
  static final float[] B1 = {0f, 0.5f, 0.25f, -1f};
  static final float[] W2 = {1f, 2f, 3f, -4f};
  static final float[] B2 = {0.25f};

  @Test
  void shapesComeFromTheModelFile() {
    Network net = new Tiny(2);
    assertEquals("Tiny", net.modelName());
    assertEquals(2, net.inputSize());
    assertEquals(1, net.outputSize());
    assertEquals(2 * 4 + 4 + 4 * 1 + 1, net.parameters().length);
  }

  @Test
  void forwardAndPredictComputeTheNetworkByHand() {
    Network net = new Tiny(2);
    set(net, "dense1.weight", W1);
    set(net, "dense1.bias", B1);
    set(net, "dense2.weight", W2);
    set(net, "dense2.bias", B2);

    // x = (1, 2):   hidden = relu(2, 1.5, -1.25, 0.5) = (2, 1.5, 0, 0.5); y = 2 + 3 + 0 - 2 + 0.25 = 3.25
    // x = (-1, 0.5): hidden = relu(-0.75, 2, -0.75, -3.125) = (0, 2, 0, 0);  y = 4 + 0.25 = 4.25
    net.forward(new float[] {1f, 2f, -1f, 0.5f}, 2);
    assertArrayEquals(new float[] {3.25f, 4.25f}, java.util.Arrays.copyOf(net.output(), 2));

    float[] out = new float[1];
    net.predict(new float[] {1f, 2f}, out);
    assertEquals(3.25f, out[0]);
  }

  private static void set(Network net, String name, float[] values) {
    ParameterBlock block = net.parameterLayout().stream().filter(b -> b.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no parameter block " + name + " in " + net.parameterLayout()));
    assertEquals(values.length, block.length(), name);
    System.arraycopy(values, 0, net.parameters(), block.offset(), values.length);
  }
}
