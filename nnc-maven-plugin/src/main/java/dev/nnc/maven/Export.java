package dev.nnc.maven;

import java.io.File;

/**
 * One {@code <export>} of the {@code generate} goal: a trained model whose dependency-free classifier is
 * generated instead of its training class.
 *
 * <pre>
 * &lt;export&gt;
 *   &lt;model&gt;iris.nn&lt;/model&gt;                       &lt;!-- relative to sourceDirectory --&gt;
 *   &lt;weights&gt;src/main/nnw/iris.nnw&lt;/weights&gt;     &lt;!-- relative to the project --&gt;
 *   &lt;className&gt;IrisClassifier&lt;/className&gt;
 *   &lt;packageName&gt;com.acme.iris&lt;/packageName&gt;     &lt;!-- optional --&gt;
 *   &lt;vector&gt;none&lt;/vector&gt;                        &lt;!-- optional: none (default), 128, 256, 512, preferred --&gt;
 * &lt;/export&gt;
 * </pre>
 *
 * <p>An exported model is generated whether or not {@code includes} and {@code excludes} match it.
 */
public class Export {

  /** The {@code .nn} file, relative to {@code sourceDirectory}. Required. */
  private String model;

  /** The {@code .nnw} weights file trained for the model (a relative path is relative to the project). Required. */
  private File weights;

  /** The classifier's simple class name. Required. */
  private String className;

  /** The classifier's package; default: the plugin's {@code packageName}, else the model's folder. */
  private String packageName;

  /**
   * The SIMD width of the classifier's kernels: {@code none} (default: plain Java that runs without
   * {@code --add-modules jdk.incubator.vector}), {@code 128}, {@code 256}, {@code 512} or {@code preferred}.
   */
  private String vector = "none";

  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  public File getWeights() {
    return weights;
  }

  public void setWeights(File weights) {
    this.weights = weights;
  }

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  public String getPackageName() {
    return packageName;
  }

  public void setPackageName(String packageName) {
    this.packageName = packageName;
  }

  public String getVector() {
    return vector;
  }

  public void setVector(String vector) {
    this.vector = vector;
  }
}
