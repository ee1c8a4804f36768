package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.Losses;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.optim.Optimizer;
import dev.nnc.runtime.optim.OptimizerState;
import dev.nnc.runtime.optim.Sgd;
import dev.nnc.runtime.testing.LogisticRegressionNetwork;
import dev.nnc.runtime.train.schedule.ReduceLROnPlateau;
import dev.nnc.runtime.train.schedule.StepLR;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Trainer#fit(dev.nnc.runtime.Network, Dataset, TrainingConfig, TrainingListener)}. */
class FitTest {

  /** Points in [-1, 1]^2 labelled by the side of the line x0 + x1 = 0, with a few flipped labels. */
  static Dataset noisy(int rows, long seed) {
    Random random = new Random(seed);
    float[] features = new float[rows * 2];
    float[] targets = new float[rows];
    for (int i = 0; i < rows; i++) {
      float a = random.nextFloat() * 2 - 1;
      float b = random.nextFloat() * 2 - 1;
      features[2 * i] = a;
      features[2 * i + 1] = b;
      boolean positive = a + b > 0;
      targets[i] = (random.nextDouble() < 0.1) != positive ? 1 : 0;
    }
    return new Dataset(features, targets, rows, 2, 1, List.of("a", "b"), List.of("0", "1"));
  }

  /** Passes steps to SGD, remembering the gradients each step received. */
  private static final class RecordingOptimizer implements Optimizer {
    final Sgd sgd = new Sgd(0.1);
    final List<float[]> received = new ArrayList<>();

    @Override
    public void step(float[] params, float[] grads) {
      received.add(grads.clone());
      sgd.step(params, grads);
    }

    @Override
    public String describe() {
      return sgd.describe();
    }

    @Override
    public double learningRate() {
      return sgd.learningRate();
    }

    @Override
    public void setLearningRate(double learningRate) {
      sgd.setLearningRate(learningRate);
    }

    @Override
    public OptimizerState state() {
      return sgd.state();
    }

    @Override
    public void restore(OptimizerState state) {
      sgd.restore(state);
    }
  }

  @Test
  void reseedsBeforeEveryBatchFromTheRunSeedEpochAndBatch() {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    Trainer.fit(net, noisy(10, 1), TrainingConfig.of(2, 4, true, 77, new Sgd(0.1)),
        TrainingListener.NONE);
    List<Long> expected = new ArrayList<>();
    for (int epoch = 1; epoch <= 2; epoch++) {
      for (int batch = 1; batch <= 3; batch++) {
        expected.add(BatchSeed.of(77, epoch, batch));
      }
    }
    assertEquals(expected, net.seeds());
  }

  @Test
  void regularizationThenClippingThenTheStep() {
    Dataset data = noisy(4, 2);
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    System.arraycopy(new float[] {2f, -3f, 0.5f}, 0, net.parameters(), 0, 3);
    // the gradient by hand: BCE-with-logits gives (sigmoid(z) - y) / n per sample
    double[] raw = new double[3];
    for (int i = 0; i < 4; i++) {
      double z = 2 * data.features()[2 * i] - 3 * data.features()[2 * i + 1] + 0.5;
      double g = (1 / (1 + Math.exp(-z)) - data.targets()[i]) / 4;
      raw[0] += g * data.features()[2 * i];
      raw[1] += g * data.features()[2 * i + 1];
      raw[2] += g;
    }
    double[] regularized = {raw[0] + 0.1 + 2 * 0.5 * 2, raw[1] - 0.1 + 2 * 0.5 * -3, raw[2]};
    double norm = Math.sqrt(regularized[0] * regularized[0] + regularized[1] * regularized[1]
        + regularized[2] * regularized[2]);
    assertTrue(norm > 1, "the test needs clipping to act");
    double scale = 1 / (norm + 1e-6);
    RecordingOptimizer optimizer = new RecordingOptimizer();
    TrainingHistory history = Trainer.fit(net, data, TrainingConfig.of(1, 4, false, 0, optimizer)
        .withRegularization(new Regularization(0.1, 0.5)).withClipNorm(1.0), TrainingListener.NONE);
    assertArrayEquals(new float[] {(float) (regularized[0] * scale), (float) (regularized[1] * scale),
        (float) (regularized[2] * scale)}, optimizer.received.get(0), 1e-6f);
    // the penalty is reported apart from the data loss: 0.1 * (2 + 3) + 0.5 * (4 + 9)
    assertEquals(7.0f, history.result(1).penalty(), 1e-6f);
  }

  @Test
  void theGuardAsksTheNetworksSumAndClippingTakesTheSumInDouble() {
    Dataset data = noisy(8, 1);
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    Initializer.initialize(net, 1);
    int[] calls = {0};
    // the network's own sum (a generated class's vectors) finds a NaN the double sum would not
    net.setSumOfSquares((values, from, to) -> {
      calls[0]++;
      return Double.NaN;
    });
    TrainingException diverged = assertThrows(TrainingException.class, () -> Trainer.fit(net, data,
        TrainingConfig.of(1, 4, false, 0, new Sgd(0.1)), TrainingListener.NONE));
    assertTrue(diverged.getMessage().contains("the gradient norm became NaN in epoch 1, batch 1"),
        diverged.getMessage());
    assertEquals(1, calls[0]);
    // with clipping the norm scales the gradients: the sum in double, the same for every kernel flavour
    calls[0] = 0;
    Trainer.fit(net, data, TrainingConfig.of(1, 4, false, 0, new Sgd(0.1)).withClipNorm(1.0),
        TrainingListener.NONE);
    assertEquals(0, calls[0]);
  }

  @Test
  void eachEpochReportsValidationLossAccuracyAndItsLearningRate() {
    Dataset train = noisy(40, 3);
    Dataset validation = noisy(15, 4);
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 8);
    Initializer.initialize(net, 5);
    List<float[]> parametersAfterEpoch = new ArrayList<>();
    TrainingHistory history = Trainer.fit(net, train,
        TrainingConfig.of(5, 8, true, 9, new Sgd(0.5)).withValidation(validation)
            .withSchedule(new StepLR(2, 0.5)),
        new TrainingListener() {
          @Override
          public void onEpochEnd(EpochResult result) {
            parametersAfterEpoch.add(net.parameters().clone());
          }
        });
    assertArrayEquals(new double[] {0.5, 0.5, 0.25, 0.25, 0.125},
        history.results().stream().mapToDouble(EpochResult::learningRate).toArray());
    LogisticRegressionNetwork probe = new LogisticRegressionNetwork(2, 8);
    for (int epoch = 1; epoch <= 5; epoch++) {
      System.arraycopy(parametersAfterEpoch.get(epoch - 1), 0, probe.parameters(), 0, 3);
      EpochResult result = history.result(epoch);
      assertEquals(Trainer.evaluateLoss(probe, validation), result.validationLoss(), 0f);
      float[] outputs = Trainer.predictAll(probe, validation);
      int correct = 0;
      for (int i = 0; i < validation.rows(); i++) {
        correct += (outputs[i] >= 0.5f ? 1 : 0) == validation.targets()[i] ? 1 : 0;
      }
      assertEquals((float) correct / validation.rows(), result.validationAccuracy(), 1e-7f);
      assertEquals(epoch, result.epoch());
      assertEquals(0f, result.penalty());
    }
  }

  @Test
  void crossEntropyAccuracyIsTheArgmaxAndRegressionHasNone() {
    // a one-output "classifier" under cross-entropy always predicts class 0
    LogisticRegressionNetwork crossEntropy = new LogisticRegressionNetwork(2, 4)
        .withLoss(Losses.softmaxCrossEntropy());
    Dataset data = new Dataset(new float[] {1, 1, -1, 2, 0, 0}, new float[] {0, 0, 0}, 3, 2, 1,
        List.of("a", "b"), List.of("0"));
    assertEquals(1f, Trainer.evaluate(crossEntropy, data).accuracy());
    LogisticRegressionNetwork regression = new LogisticRegressionNetwork(2, 4)
        .withLoss(Losses.meanSquaredError());
    assertTrue(Float.isNaN(Trainer.evaluate(regression, data).accuracy()));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> Trainer.fit(regression, data, TrainingConfig.of(1, 2, false, 0, new Sgd(0.1))
            .withValidation(data).withEarlyStopping(new EarlyStopping(Monitor.VAL_ACCURACY, 1)),
            TrainingListener.NONE));
    assertEquals("early stopping monitors val_accuracy, but the mse loss of model 'logistic' measures"
        + " no accuracy", error.getMessage());
  }

  @Test
  void bceAccuracyThresholdsAtOneHalf() {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(1, 4);
    System.arraycopy(new float[] {1f, 0f}, 0, net.parameters(), 0, 2); // p = sigmoid(x)
    // x = 2, 0 (p = 0.5 counts as class 1), -1, -3 against labels 1, 0, 0, 1: 2 of 4 right
    Dataset data = new Dataset(new float[] {2, 0, -1, -3}, new float[] {1, 0, 0, 1}, 4, 1, 1,
        List.of("x"), List.of("0", "1"));
    assertEquals(0.5f, Trainer.evaluate(net, data).accuracy());
  }

  @Test
  void monitorsNeedWhatTheyMonitor() {
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    Dataset data = noisy(8, 1);
    assertEquals("early stopping monitors val_loss, which needs a validation set",
        assertThrows(IllegalArgumentException.class, () -> Trainer.fit(net, data,
            TrainingConfig.of(3, 4, false, 0, new Sgd(0.1))
                .withEarlyStopping(new EarlyStopping(Monitor.VAL_LOSS, 1)),
            TrainingListener.NONE)).getMessage());
    assertEquals("ReduceLROnPlateau monitors val_loss, which needs a validation set",
        assertThrows(IllegalArgumentException.class, () -> Trainer.fit(net, data,
            TrainingConfig.of(3, 4, false, 0, new Sgd(0.1))
                .withSchedule(new ReduceLROnPlateau(Monitor.VAL_LOSS, Mode.MIN)),
            TrainingListener.NONE)).getMessage());
    assertEquals("batch size 5 is outside 1..4, the batches model 'logistic' was compiled for",
        assertThrows(IllegalArgumentException.class, () -> Trainer.fit(net, data,
            TrainingConfig.of(3, 5, false, 0, new Sgd(0.1)), TrainingListener.NONE)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> TrainingConfig.of(0, 4, false, 0, new Sgd(0.1)));
    assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.of(1, 4, false, 0, new Sgd(0.1)).withClipNorm(-1));
  }

  @Test
  void earlyStoppingEndsTrainingAndRestoresTheBestEpoch() {
    // a learning rate far too high makes the validation loss bounce, so it stops improving
    Dataset train = noisy(32, 5);
    Dataset validation = noisy(32, 6);
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 8);
    Initializer.initialize(net, 1);
    List<float[]> parametersAfterEpoch = new ArrayList<>();
    TrainingHistory history = Trainer.fit(net, train,
        TrainingConfig.of(100, 8, true, 3, new Sgd(50)).withValidation(validation)
            .withEarlyStopping(new EarlyStopping(Monitor.VAL_LOSS, 3)),
        new TrainingListener() {
          @Override
          public void onEpochEnd(EpochResult result) {
            parametersAfterEpoch.add(net.parameters().clone());
          }
        });
    int stopped = history.stoppedEpoch();
    assertTrue(stopped > 0 && stopped < 100, "stopped after " + stopped);
    assertEquals(stopped, history.epochs());
    float[] losses = history.validationLosses();
    int best = 0;
    for (int i = 1; i < losses.length; i++) {
      best = losses[i] < losses[best] ? i : best;
    }
    assertEquals(stopped - 3, best + 1, "stops 3 epochs after the best");
    assertEquals(best + 1, history.restoredEpoch());
    assertArrayEquals(parametersAfterEpoch.get(best), net.parameters(), 0f);
  }

  @Test
  void theListenerHearsBatchesWithRunningMeans() {
    Dataset data = noisy(10, 8);
    LogisticRegressionNetwork net = new LogisticRegressionNetwork(2, 4);
    List<String> heard = new ArrayList<>();
    Trainer.fit(net, data, TrainingConfig.of(1, 4, false, 0, new Sgd(0.1)), new TrainingListener() {
      @Override
      public void onTrainingStart(TrainingPlan plan) {
        heard.add("start " + plan);
      }

      @Override
      public void onEpochStart(int epoch, double learningRate) {
        heard.add("epoch " + epoch + " lr " + learningRate);
      }

      @Override
      public void onBatchEnd(int batch, int samples, float meanLoss) {
        heard.add("batch " + batch + " samples " + samples);
      }

      @Override
      public void onEpochEnd(EpochResult result) {
        heard.add("end " + result.epoch());
      }

      @Override
      public void onTrainingEnd(TrainingHistory history) {
        heard.add("done " + history.epochs());
      }
    });
    assertEquals(List.of("start " + new TrainingPlan(1, 1, 10, 3, false, false), "epoch 1 lr 0.1",
        "batch 1 samples 4", "batch 2 samples 8", "batch 3 samples 10", "end 1", "done 1"), heard);
  }
}
