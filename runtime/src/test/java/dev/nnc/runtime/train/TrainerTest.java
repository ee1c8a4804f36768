package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.Losses;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.metrics.ClassificationMetrics;
import dev.nnc.runtime.metrics.ConfusionMatrix;
import dev.nnc.runtime.metrics.Predictions;
import dev.nnc.runtime.optim.Adam;
import dev.nnc.runtime.optim.Optimizer;
import dev.nnc.runtime.optim.OptimizerState;
import dev.nnc.runtime.optim.Sgd;
import dev.nnc.runtime.testing.LogisticRegressionNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TrainerTest {

  /** Points in [-1, 1]^2 labelled by the side of the line x0 + x1 = 0, kept away from the line. */
  private static Dataset separable(int rows, long seed) {
    Random random = new Random(seed);
    float[] features = new float[rows * 2];
    float[] targets = new float[rows];
    for (int i = 0; i < rows; ) {
      float a = random.nextFloat() * 2 - 1;
      float b = random.nextFloat() * 2 - 1;
      if (Math.abs(a + b) < 0.2f) {
        continue;
      }
      features[2 * i] = a;
      features[2 * i + 1] = b;
      targets[i] = a + b > 0 ? 1 : 0;
      i++;
    }
    return new Dataset(features, targets, rows, 2, 1, List.of("a", "b"), List.of("0", "1"));
  }

  private static final Optimizer FROZEN = new Optimizer() {
    @Override
    public void step(float[] params, float[] grads) {}

    @Override
    public String describe() {
      return "frozen";
    }

    @Override
    public double learningRate() {
      return 0;
    }

    @Override
    public void setLearningRate(double learningRate) {}

    @Override
    public OptimizerState state() {
      return new OptimizerState("frozen", 0, 0, new TreeMap<>());
    }

    @Override
    public void restore(OptimizerState state) {}
  };

  @Test
  void testNetworkBackwardMatchesFiniteDifferences() {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    System.arraycopy(new float[] {0.3f, -0.7f, 0.2f}, 0, net.parameters(), 0, 3);
    float[] x = {0.5f, -1f, 2f, 0.25f, -1.5f, 0.75f};
    float[] y = {1, 0, 1};
    net.forward(x, 3);
    net.loss().lossAndGradient(net.lossInput(), y, 3, 1, net.lossGradient());
    net.backward(x, 3);
    float[] analytic = net.gradients().clone();
    for (int p = 0; p < 3; p++) {
      float original = net.parameters()[p];
      net.parameters()[p] = original + 1e-3f;
      net.forward(x, 3);
      double plus = net.loss().loss(net.lossInput(), y, 3, 1);
      net.parameters()[p] = original - 1e-3f;
      net.forward(x, 3);
      double minus = net.loss().loss(net.lossInput(), y, 3, 1);
      net.parameters()[p] = original;
      assertEquals((plus - minus) / 2e-3, analytic[p], 1e-3, "parameter " + p);
    }
  }

  @Test
  void lossFallsAndTheToySetIsLearned() {
    Dataset data = separable(64, 3);
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 16);
    Initializer.initialize(net, 11);
    TrainingHistory history = new Trainer(net, new Adam(0.05), 8, true, 5).fit(data, 60);
    assertEquals(60, history.epochs());
    assertTrue(history.finalLoss() < 0.25 * history.loss(1),
        "loss should fall: " + Arrays.toString(history.losses()));
    float[] outputs = Trainer.predictAll(net, data);
    ClassificationMetrics metrics = ClassificationMetrics.of(
        ConfusionMatrix.of(2, data.targets(), Predictions.threshold(outputs, data.rows(), 0.5f)));
    assertEquals(1.0, metrics.accuracy());
  }

  @Test
  void sameSeedsGiveBitIdenticalParameters() {
    float[] first = trainedParameters(5, 9);
    float[] second = trainedParameters(5, 9);
    assertTrue(Arrays.equals(first, second), "two runs with the same seeds must be identical");
    assertFalse(Arrays.equals(first, trainedParameters(5, 10)), "another shuffle seed, other result");
    assertFalse(Arrays.equals(first, trainedParameters(6, 9)), "another init seed, other result");
  }

  private static float[] trainedParameters(long initSeed, long shuffleSeed) {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 8);
    Initializer.initialize(net, initSeed);
    new Trainer(net, new Sgd(0.1, 0.9, 0, 0, false), 5, true, shuffleSeed).fit(separable(23, 1), 7);
    return net.parameters().clone();
  }

  @Test
  void epochLossAndAccuracyAreSampleWeightedMeansOverBatches() {
    // with frozen parameters every batch sees the same network, so the epoch mean must equal the
    // mean over all samples even though the last batch holds only 1 of the 5
    Dataset data = separable(5, 2);
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    System.arraycopy(new float[] {1.5f, -0.5f, 0.25f}, 0, net.parameters(), 0, 3);
    TrainingHistory history = new Trainer(net, FROZEN, 2, false, 0).fit(data, 1);
    double expected = 0;
    int correct = 0;
    for (int i = 0; i < 5; i++) {
      double z = 1.5 * data.features()[2 * i] - 0.5 * data.features()[2 * i + 1] + 0.25;
      double y = data.targets()[i];
      expected += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
      correct += (z >= 0 ? 1 : 0) == y ? 1 : 0;
    }
    assertEquals(expected / 5, history.loss(1), 1e-6);
    assertTrue(correct > 0 && correct < 5, "the weights should get some rows wrong: " + correct);
    assertEquals(correct / 5f, history.result(1).trainAccuracy(), 1e-6);
    assertEquals(expected / 5, Trainer.evaluateLoss(net, data), 1e-6);
  }

  @Test
  void listenerHearsEveryEpochInTrainingMode() {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 8);
    Initializer.initialize(net, 1);
    List<String> heard = new ArrayList<>();
    TrainingHistory history = new Trainer(net, new Sgd(0.1), 4, false, 0).fit(separable(10, 4), 3,
        (epoch, epochs, loss) -> heard.add(epoch + "/" + epochs + " " + loss + " " + net.isTraining()));
    float[] losses = history.losses();
    assertEquals(List.of("1/3 " + losses[0] + " true", "2/3 " + losses[1] + " true",
        "3/3 " + losses[2] + " true"), heard);
  }

  @Test
  void divergenceStopsWithTheEpochAndBatch() {
    Dataset data = separable(6, 5);
    data.features()[2 * 3] = Float.NaN; // row 3 lands in batch 2 of 3
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 2);
    Initializer.initialize(net, 0);
    TrainingException error = assertThrows(TrainingException.class,
        () -> new Trainer(net, new Sgd(0.1), 2, false, 0).fit(data, 4));
    assertEquals("training diverged: the loss became NaN in epoch 1, batch 2 of 3; try a smaller"
        + " learning rate or scaling the features", error.getMessage());
    assertEquals(1, error.epoch());
    assertEquals(2, error.batch());
    for (float p : net.parameters()) {
      assertTrue(Float.isFinite(p), "the diverging batch must not be applied");
    }
  }

  @Test
  void predictAllRunsInChunksOfMaxBatchInEvaluationMode() {
    Dataset data = separable(10, 6);
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    System.arraycopy(new float[] {1f, -1f, 0.5f}, 0, net.parameters(), 0, 3);
    net.setTraining(true);
    float[] outputs = Trainer.predictAll(net, data);
    assertFalse(net.isTraining());
    assertEquals(10, outputs.length);
    for (int i = 0; i < 10; i++) {
      double z = data.features()[2 * i] - data.features()[2 * i + 1] + 0.5;
      assertEquals(1 / (1 + Math.exp(-z)), outputs[i], 1e-6, "row " + i);
    }
  }

  @Test
  void evaluateKeepsTheOutputsPredictAllGivesFromTheSamePasses() {
    Dataset data = separable(10, 6);
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    System.arraycopy(new float[] {1f, -1f, 0.5f}, 0, net.parameters(), 0, 3);
    float[] outputs = new float[10];
    EvaluationResult withOutputs = Trainer.evaluate(net, data, outputs);
    assertArrayEquals(Trainer.predictAll(net, data), outputs);
    EvaluationResult alone = Trainer.evaluate(net, data);
    assertEquals(alone.loss(), withOutputs.loss());
    assertEquals(alone.accuracy(), withOutputs.accuracy());
  }

  @Test
  void evaluateLossMatchesAHandComputedValue() {
    Dataset data = new Dataset(new float[] {1, 0, 0, 1}, new float[] {1, 0}, 2, 2, 1, List.of("a", "b"),
        List.of());
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 1);
    System.arraycopy(new float[] {1f, -1f, 0.5f}, 0, net.parameters(), 0, 3);
    // z = 1.5 with y = 1: log(1 + e^-1.5); z = -0.5 with y = 0: log(1 + e^-0.5)
    double expected = (Math.log1p(Math.exp(-1.5)) + Math.log1p(Math.exp(-0.5))) / 2;
    assertEquals(expected, Trainer.evaluateLoss(net, data), 1e-6);
    assertEquals(Losses.binaryCrossEntropyWithLogits(), net.loss());
  }

  @Test
  void refusesMismatchedSettingsAndData() {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 8);
    IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(net, new Sgd(0.1), 9, false, 0));
    assertEquals("batch size 9 is outside 1..8, the batches model 'logistic' was compiled for",
        tooBig.getMessage());
    Dataset threeFeatures = new Dataset(new float[3], new float[1], 1, 3, 1, List.of("a", "b", "c"),
        List.of());
    IllegalArgumentException wrongWidth = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(net, new Sgd(0.1), 4, false, 0).fit(threeFeatures, 1));
    assertEquals("model 'logistic' takes 2 features per sample, but the data has 3",
        wrongWidth.getMessage());
    Dataset unlabelled = new Dataset(new float[2], new float[0], 1, 2, 0, List.of("a", "b"), List.of());
    assertThrows(IllegalArgumentException.class,
        () -> new Trainer(net, new Sgd(0.1), 4, false, 0).fit(unlabelled, 1));
    assertEquals(1, Trainer.predictAll(net, unlabelled).length); // prediction needs no labels
    assertThrows(IllegalArgumentException.class,
        () -> new Trainer(net, new Sgd(0.1), 4, false, 0).fit(separable(4, 0), 0));
    Dataset empty = new Dataset(new float[0], new float[0], 0, 2, 1, List.of("a", "b"), List.of());
    assertThrows(IllegalArgumentException.class,
        () -> new Trainer(net, new Sgd(0.1), 4, false, 0).fit(empty, 1));
    assertTrue(Float.isNaN(Trainer.evaluateLoss(net, empty)));
  }

  @Test
  void historyCountsEpochsFromOne() {
    TrainingHistory history = new TrainingHistory();
    assertTrue(Float.isNaN(history.finalLoss()));
    for (int i = 0; i < 20; i++) {
      history.record(new EpochResult(i + 1, i, 0, Float.NaN, Float.NaN, Float.NaN, 0.1, 0));
    }
    assertEquals(0f, history.loss(1));
    assertEquals(19f, history.finalLoss());
    assertEquals(20, history.losses().length);
    assertArrayEquals(new float[] {0, 1}, Arrays.copyOf(history.losses(), 2));
    assertThrows(IndexOutOfBoundsException.class, () -> history.loss(0));
    assertThrows(IndexOutOfBoundsException.class, () -> history.loss(21));
  }
}
