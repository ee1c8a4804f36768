package dev.nnc.maven.generation;

import java.nio.file.Path;

/**
 * One {@code <export>}: generate the dependency-free classifier of {@code model} with trained
 * {@code weights} instead of the model's training class.
 *
 * @param model the {@code .nn} file relative to the source directory, {@code /} separated
 * @param weights the {@code .nnw} weights file
 * @param packageName the classifier's package, or null for the plugin's rule
 * @param className the classifier's simple name
 * @param vector the SIMD width of its kernels
 */
public record ExportRequest(String model, Path weights, String packageName, String className, VectorOption vector) {}
