package dev.nnc.runtime.train;

/**
 * What one training epoch produced. Validation values are NaN when there is no validation set, and the
 * accuracies are NaN for regression losses.
 *
 * @param epoch the epoch, counted from 1
 * @param trainLoss the sample-weighted mean of the batch losses (the data loss only)
 * @param penalty the sample-weighted mean regularization penalty, 0 without regularization
 * @param trainAccuracy the fraction of training samples the batches classified correctly as they ran
 *     (training mode, weights changing between batches: Keras's {@code accuracy})
 * @param validationLoss the loss over the validation set in evaluation mode, after the epoch
 * @param validationAccuracy the fraction of validation samples classified correctly
 * @param learningRate the learning rate the epoch's steps used
 * @param seconds the epoch's wall-clock time, validation included
 */
public record EpochResult(int epoch, float trainLoss, float penalty, float trainAccuracy,
    float validationLoss, float validationAccuracy, double learningRate, double seconds) {}
