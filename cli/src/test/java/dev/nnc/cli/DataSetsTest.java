package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real data sets of models/, trained end to end through {@code nnc train} with the settings in
 * their files, against the accuracy a competent PyTorch model reaches on them.
 */
class DataSetsTest {

  static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir Path dir;

  @Test
  void irisReachesNinetySixPercent() {
    Cli.Run run = train("iris.nn");
    double accuracy = metric(run, "accuracy\\s+(\\d\\.\\d+)");
    assertTrue(accuracy >= 0.96, "Iris test accuracy " + accuracy + "\n" + run.describe());
    assertTrue(run.out().contains("Prediction for (sepal_length 5.9, sepal_width 3, petal_length 5.1, petal_width 1.8): virginica ("),
        run.describe());
  }

  @Test
  void diabetesRegressionExplainsHalfTheVariance() {
    Cli.Run run = train("diabetes.nn");
    // Predicting the mean scores R² = 0 and a linear model about 0.45 on this split; a broken network
    // (wrong gradients, unscaled inputs, a lost bias) falls well below that.
    double r2 = metric(run, "R²:\\s+(-?\\d\\.\\d+)");
    assertTrue(r2 >= 0.45, "Diabetes R² " + r2 + "\n" + run.describe());
  }

  @Test
  void fashionMnistMlpReaches885PercentIn15Epochs() {
    double accuracy = fashion("fashion_mnist.nn");
    assertTrue(accuracy >= 0.885, "Fashion-MNIST MLP test accuracy " + accuracy);
  }

  @Test
  void fashionMnistWithBatchNormAndDropoutReaches895Percent() {
    double accuracy = fashion("fashion_mnist_bn.nn");
    assertTrue(accuracy >= 0.895, "Fashion-MNIST BatchNorm/Dropout test accuracy " + accuracy);
  }

  private double fashion(String model) {
    // CI installs Debian's dataset-fashion-mnist and sets NNC_REQUIRE_DATASETS, so there it cannot be skipped.
    assumeTrue(Files.isDirectory(FASHION_MNIST) || System.getenv("NNC_REQUIRE_DATASETS") != null,
        "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    Cli.Run run = train(model);
    assertTrue(run.out().contains("Epoch [15/15]") || run.out().contains("Early stopping"), run.describe());
    return metric(run, "accuracy\\s+(\\d\\.\\d+)\\s+10000");
  }

  private Cli.Run train(String model) {
    Cli.Run run = Cli.run("train", Cli.modelsDir().resolve(model), "-o", dir.resolve("weights.nnw"),
        "--checkpoint", dir.resolve("run.ckpt"));
    assertEquals(0, run.code(), run.describe());
    return run;
  }

  private static double metric(Cli.Run run, String regex) {
    Matcher m = Pattern.compile(regex).matcher(run.out());
    assertTrue(m.find(), "no match for " + regex + "\n" + run.describe());
    return Double.parseDouble(m.group(1));
  }
}
