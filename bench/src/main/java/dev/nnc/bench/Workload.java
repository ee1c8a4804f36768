package dev.nnc.bench;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.data.IdxImages;
import dev.nnc.runtime.data.IdxReader;
import dev.nnc.runtime.train.Initializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * The benchmark workloads, defined once: every harness (JMH, the side-by-side comparison) builds its
 * networks and inputs from here. Each is a model of models/, compiled by the generated module in three
 * flavours: Vector API kernels of the preferred species and of 256 bits, and plain scalar loops.
 */
public enum Workload {
  /** The cheat sheet's student model, 2-16-1 (ReLU, sigmoid), BCE. */
  W1("models/student.nn", "StudentPerformance"),
  /** Iris, 4-16-3 (ReLU, softmax), cross-entropy. */
  W2("models/iris.nn", "Iris"),
  /** Fashion-MNIST MLP, 784-256-128-10 (ReLU), cross-entropy, Adam lr 1e-3. */
  W3("models/fashion_mnist.nn", "FashionMnist");

  /** Batch size of the training-step figure. */
  public static final int TRAIN_BATCH = 64;

  /** Batch size of the batch-inference figure. */
  public static final int INFERENCE_BATCH = 256;

  private final String modelFile;
  private final String className;

  Workload(String modelFile, String className) {
    this.modelFile = modelFile;
    this.className = className;
  }

  /** The .nn file, relative to the repository root. */
  public String modelFile() {
    return modelFile;
  }

  /** A fresh network of this workload, initialized as {@code nnc train} would with seed 42. */
  public Network network(boolean vector, int maxBatch) {
    return network(vector ? "vector" : "scalar", maxBatch);
  }

  /**
   * A fresh network of this workload with the given kernels: {@code vector} (this machine's preferred
   * species), {@code vector256} (256-bit vectors) or {@code scalar} (plain loops), initialized as
   * {@code nnc train} would with seed 42.
   */
  public Network network(String kernels, int maxBatch) {
    String flavour = switch (kernels) {
      case "vector" -> "";
      case "vector256" -> "v256.";
      case "scalar" -> "scalar.";
      default -> throw new IllegalArgumentException("kernels must be vector, vector256 or scalar: " + kernels);
    };
    String name = "dev.nnc.models." + flavour + className;
    try {
      Network net = (Network) Class.forName(name).getConstructor(int.class).newInstance(maxBatch);
      Initializer.initialize(net, 42);
      return net;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the generated module has no " + name, e);
    }
  }

  /**
   * Where W3's inputs come from: Debian's dataset-fashion-mnist, the files models/fashion_mnist.nn
   * trains on.
   */
  static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  /**
   * {@code rows} inputs of this workload's size. W3's are the first test images of Fashion-MNIST, scaled
   * to [0, 1] as models/fashion_mnist.nn scales them: half their pixels are exactly 0, and a single
   * sample's forward skips those (a standard normal input would have none). W1's and W2's are standard
   * normal, seeded.
   */
  public float[] inputs(Network net, int rows) {
    if (this == W3) {
      IdxImages images = fashionMnist("t10k-images-idx3-ubyte.gz", rows, net.inputSize());
      float[] x = Arrays.copyOf(images.pixels(), rows * net.inputSize());
      for (int i = 0; i < x.length; i++) {
        x[i] /= 255f;
      }
      return x;
    }
    Random random = new Random(7);
    float[] x = new float[rows * net.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  /** Targets that suit the workload's loss: class indices, or 0/1 for BCE; W3's are its images' labels. */
  public float[] targets(Network net, int rows) {
    if (this == W3) {
      return Arrays.copyOf(IdxReader.readLabels(fashionMnistFile("t10k-labels-idx1-ubyte.gz")), rows);
    }
    Random random = new Random(11);
    int classes = net.loss().name().equals("cross_entropy") ? net.outputSize() : 2;
    float[] y = new float[rows * net.loss().targetWidth(net.outputSize())];
    for (int i = 0; i < y.length; i++) {
      y[i] = random.nextInt(classes);
    }
    return y;
  }

  private static IdxImages fashionMnist(String file, int rows, int inputSize) {
    IdxImages images = IdxReader.readImages(fashionMnistFile(file));
    if (images.count() < rows || images.pixelsPerImage() != inputSize) {
      throw new IllegalStateException(FASHION_MNIST.resolve(file) + " holds " + images.count() + " images of "
          + images.pixelsPerImage() + " pixels; W3 needs " + rows + " of " + inputSize);
    }
    return images;
  }

  private static Path fashionMnistFile(String file) {
    Path path = FASHION_MNIST.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("W3's inputs are Fashion-MNIST's test images, and " + path
          + " is missing: apt-get install dataset-fashion-mnist");
    }
    return path;
  }
}
