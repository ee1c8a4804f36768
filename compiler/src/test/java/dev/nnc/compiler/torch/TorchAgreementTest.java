package dev.nnc.compiler.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.ParameterBlock;
import dev.nnc.runtime.optim.Optimizer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * nnc against PyTorch on the reference cases of {@code bench/torch-reference/make_reference.py}: the same
 * network, weights, inputs and targets must give the same forward outputs, loss, gradients, BatchNorm
 * running statistics and, for optimizer cases, the same parameters after three steps, in the scalar and
 * the 512-bit vector flavour. Tolerances are in {@link Agreement}.
 */
class TorchAgreementTest {

  static final int[] FLAVOURS = {0, 512};

  /**
   * Cases the folder must hold, so coverage cannot silently shrink: every activation, loss and
   * optimizer, BatchNorm in both modes, dropout, flatten and deeper networks.
   */
  static final Set<String> REQUIRED = Set.of(
      "act_relu", "act_relu_70", "act_relu_layer", "act_leaky_relu", "act_sigmoid", "act_tanh", "act_gelu",
      "act_softmax_fused", "act_softmax_layer_fused", "act_softmax_hidden", "act_softmax_mse",
      "loss_mse", "loss_mae", "loss_huber", "loss_huber_delta", "loss_bce", "loss_bce_multilabel",
      "loss_cross_entropy_softmax", "loss_cross_entropy_logits",
      "batchnorm_train", "batchnorm_train_wide", "batchnorm_eval", "batchnorm_eval_wide",
      "dropout_eval", "flatten", "deep_mixed_train", "deep_mixed_eval",
      "opt_sgd", "opt_sgd_momentum", "opt_sgd_momentum_dampening", "opt_sgd_nesterov", "opt_sgd_weight_decay",
      "opt_sgd_momentum_weight_decay", "opt_adam", "opt_adam_betas", "opt_adam_weight_decay", "opt_adamw",
      "opt_adamw_weight_decay", "opt_rmsprop", "opt_rmsprop_momentum", "opt_rmsprop_centered",
      "opt_rmsprop_momentum_centered", "opt_rmsprop_weight_decay", "opt_adam_batchnorm", "opt_sgd_batchnorm_mse");

  static Stream<Arguments> cases() {
    return TorchCase.index().stream().flatMap(name -> flavours(name));
  }

  static Stream<Arguments> optimizerCases() {
    return TorchCase.index().stream().filter(name -> TorchCase.load(name).has("optimizer"))
        .flatMap(name -> flavours(name));
  }

  private static Stream<Arguments> flavours(String name) {
    return Arrays.stream(FLAVOURS).mapToObj(bits -> Arguments.of(name, bits));
  }

  @AfterAll
  static void printLargestDifferences() {
    System.out.print(Agreement.summary());
  }

  @Test
  void referenceFolderHoldsEveryCase() throws IOException, URISyntaxException {
    List<String> index = TorchCase.index();
    assertTrue(index.size() >= REQUIRED.size(), "only " + index.size() + " reference cases");
    Set<String> missing = new TreeSet<>(REQUIRED);
    missing.removeAll(index);
    assertEquals(Set.of(), missing, "reference cases missing; rerun bench/torch-reference/make_reference.py");
    assertEquals(index.size(), new TreeSet<>(index).size(), "the index repeats a case");
    long optimizers = index.stream().filter(name -> TorchCase.load(name).has("optimizer")).count();
    assertTrue(optimizers >= 10, "only " + optimizers + " optimizer cases");
    // Every case file is listed, so none is skipped.
    URL folder = TorchCase.class.getClassLoader().getResource(TorchCase.FOLDER);
    if (folder != null && folder.getProtocol().equals("file")) {
      Set<String> files = new TreeSet<>();
      try (Stream<Path> listing = Files.list(Path.of(folder.toURI()))) {
        listing.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".txt") && !f.equals("index.txt"))
            .forEach(f -> files.add(f.substring(0, f.length() - 4)));
      }
      assertEquals(new TreeSet<>(index), files, "case files and index.txt disagree");
    }
  }

  @ParameterizedTest(name = "{0} {1}-bit")
  @MethodSource("cases")
  void forwardOutputsLossAndRunningStatisticsAgree(String name, int bits) {
    TorchCase c = TorchCase.load(name);
    int batch = c.integer("batch");
    Network net = prepared(c, bits);
    float[] x = c.floats("input");
    float[] y = c.floats("target");
    int width = net.outputSize();
    String where = name + " " + bits + "-bit";

    net.forward(x, batch);
    List<String> problems = new ArrayList<>();
    problems.addAll(Agreement.compare("forward output", where, "output", net.output(), c.floats("output"),
        batch * width, Agreement.FIRST_ORDER));
    problems.addAll(Agreement.compare("forward loss input (logits)", where, "loss input", net.lossInput(),
        c.floats("loss_input"), batch * width, Agreement.FIRST_ORDER));
    problems.addAll(Agreement.compare("running statistics after forward", where, "state after forward",
        net.state(), c.floats("state_after"), net.state().length, Agreement.FIRST_ORDER));
    assertEquals(batch * net.loss().targetWidth(width), y.length, "targets");
    float loss = net.loss().lossAndGradient(net.lossInput(), y, batch, width, net.lossGradient());
    problems.addAll(Agreement.compare("loss", where, "loss", loss, c.scalar("loss"), Agreement.FIRST_ORDER));
    report(c, bits, problems);
  }

  @ParameterizedTest(name = "{0} {1}-bit")
  @MethodSource("cases")
  void gradientsAgree(String name, int bits) {
    TorchCase c = TorchCase.load(name);
    int batch = c.integer("batch");
    Network net = prepared(c, bits);
    float[] x = c.floats("input");
    String where = name + " " + bits + "-bit";
    net.forward(x, batch);
    net.loss().lossAndGradient(net.lossInput(), c.floats("target"), batch, net.outputSize(), net.lossGradient());
    net.backward(x, batch);
    float[] expected = c.floats("gradients");
    List<String> problems = Agreement.compare("gradients", where, "gradient", net.gradients(), expected,
        net.parameters().length, Agreement.FIRST_ORDER);
    if (!problems.isEmpty()) {
      problems.add("blocks that disagree: " + Agreement.disagreeingBlocks(net.parameterLayout(), net.gradients(),
          expected, Agreement.FIRST_ORDER));
    }
    report(c, bits, problems);
    assertTrue(maxAbs(net.gradients()) > 1e-4, "the case is vacuous: all gradients are (nearly) zero");
  }

  @ParameterizedTest(name = "{0} {1}-bit")
  @MethodSource("optimizerCases")
  void parametersAfterThreeOptimizerStepsAgree(String name, int bits) {
    TorchCase c = TorchCase.load(name);
    int batch = c.integer("batch");
    Network net = prepared(c, bits);
    float[] x = c.floats("input");
    float[] y = c.floats("target");
    Optimizer optimizer = TorchNetworks.optimizer(c.text("optimizer"));
    int steps = c.integer("steps");
    float[] losses = new float[steps];
    float[] before = net.parameters().clone();
    for (int step = 0; step < steps; step++) {
      net.forward(x, batch);
      losses[step] = net.loss().lossAndGradient(net.lossInput(), y, batch, net.outputSize(), net.lossGradient());
      net.backward(x, batch);
      optimizer.step(net.parameters(), net.gradients());
    }
    List<String> problems = new ArrayList<>();
    String where = name + " " + bits + "-bit";
    problems.addAll(Agreement.compare("losses during steps", where, "step loss", losses, c.floats("step_losses"),
        steps, Agreement.AFTER_STEPS));
    problems.addAll(Agreement.compare("parameters after steps", where, "parameter after " + steps + " steps",
        net.parameters(), c.floats("params_after"), net.parameters().length, Agreement.AFTER_STEPS));
    problems.addAll(Agreement.compare("running statistics after steps", where, "state after " + steps + " steps",
        net.state(), c.floats("state_after_steps"), net.state().length, Agreement.AFTER_STEPS));
    report(c, bits, problems);
    float[] moved = net.parameters().clone();
    for (int i = 0; i < moved.length; i++) {
      moved[i] -= before[i];
    }
    assertTrue(maxAbs(moved) > 1e-3, "the case is vacuous: " + optimizer.describe() + " did not move the parameters");
  }

  /** A fresh network of the case with its parameters, state and mode, checked against its layout. */
  private static Network prepared(TorchCase c, int bits) {
    Network net = TorchNetworks.network(c.nnText(), bits, c.integer("batch"));
    assertEquals(List.of(boxed(c.integers("param_blocks"))), List.of(lengths(net.parameterLayout())),
        "parameter blocks of " + c.name());
    assertEquals(List.of(boxed(c.integers("state_blocks"))), List.of(lengths(net.stateLayout())),
        "state blocks of " + c.name());
    copy(c.floats("params"), net.parameters(), "parameters");
    copy(c.floats("state"), net.state(), "state");
    assertEquals(c.integer("batch") * net.inputSize(), c.floats("input").length, "inputs");
    net.setTraining(c.flag("training"));
    return net;
  }

  private static void copy(float[] from, float[] to, String what) {
    assertEquals(to.length, from.length, what);
    System.arraycopy(from, 0, to, 0, from.length);
  }

  private static Integer[] lengths(List<ParameterBlock> layout) {
    return layout.stream().map(ParameterBlock::length).toArray(Integer[]::new);
  }

  private static Integer[] boxed(int[] values) {
    return Arrays.stream(values).boxed().toArray(Integer[]::new);
  }

  private static double maxAbs(float[] values) {
    double max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  private static void report(TorchCase c, int bits, List<String> problems) {
    if (!problems.isEmpty()) {
      fail(c.name() + " (" + bits + "-bit) disagrees with PyTorch:\n  " + String.join("\n  ", problems)
          + "\n" + c.nnText());
    }
  }
}
