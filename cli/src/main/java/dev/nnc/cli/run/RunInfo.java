package dev.nnc.cli.run;

import java.util.List;
import java.util.Map;

/**
 * What a run was: the model, the data, every resolved hyperparameter and the machine, written to
 * {@code hyperparameters.json} when the run starts.
 *
 * @param run the run directory's name, e.g. {@code student-20261126-143012}
 * @param model the model's name in the {@code .nn} file
 * @param modelFile the {@code .nn} file, as given on the command line
 * @param started when training started, ISO-8601 with the local offset
 * @param command the command line's arguments after {@code nnc}
 * @param environment the machine and code-generation settings
 * @param data the data and how it was split
 * @param train the {@code train} section with the command line's overrides, every default filled in
 * @param layers the model summary, one entry per layer
 * @param parameters the number of trainable parameters
 */
public record RunInfo(String run, String model, String modelFile, String started, List<String> command,
    Environment environment, DataInfo data, TrainInfo train, List<LayerInfo> layers, long parameters) {

  /**
   * @param vectorBits the SIMD width of the generated kernels, 0 for plain scalar Java
   * @param threads the threads that shared large batches
   */
  public record Environment(String nnc, String java, String os, String cpu, int cores, int vectorBits,
      int threads) {}

  /** Row counts after splitting; {@code classes} is empty for regression. */
  public record DataInfo(String source, List<String> features, List<String> classes, int trainRows,
      int validationRows, int testRows) {}

  /**
   * @param schedule the learning-rate schedule's kind and parameters, or null for a constant rate
   * @param earlyStopping monitor, patience, min_delta and restore_best, or null
   */
  public record TrainInfo(String loss, String optimizer, Map<String, Double> optimizerParameters, int epochs,
      int batch, boolean shuffle, long seed, Map<String, Object> schedule, Map<String, Object> earlyStopping,
      double l1, double l2, double clipNorm, boolean resumed) {}

  /** One row of the model summary: the layer as written, its output shape, its parameter count. */
  public record LayerInfo(String layer, String shape, long parameters) {}
}
