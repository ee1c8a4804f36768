package dev.nnc.runtime.train;

/**
 * A network's loss and accuracy over a labelled dataset, in evaluation mode.
 *
 * @param loss the mean loss over all samples
 * @param accuracy the fraction of correct classifications; NaN for regression losses
 */
public record EvaluationResult(float loss, float accuracy) {}
