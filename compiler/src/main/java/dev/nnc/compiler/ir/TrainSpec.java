package dev.nnc.compiler.ir;

import java.util.List;

/**
 * The {@code train} section, every setting resolved.
 *
 * @param huberDelta the threshold of the huber loss (unused by other losses)
 * @param schedule the learning-rate schedule, or null for a constant rate
 * @param earlyStopping when to stop before {@code epochs}, or null to always run them all
 * @param l1 L1 penalty on the weights of dense layers (Keras's kernel_regularizer), 0 for none
 * @param l2 L2 penalty on the weights of dense layers, 0 for none
 * @param clipNorm the largest total gradient norm (torch's clip_grad_norm_), 0 for no clipping
 * @param samples raw feature rows to predict after training ({@code predict 6, 7}), for a first look
 */
public record TrainSpec(
    LossKind loss,
    double huberDelta,
    OptimizerSpec optimizer,
    int epochs,
    int batchSize,
    boolean shuffle,
    long seed,
    ScheduleSpec schedule,
    EarlyStoppingSpec earlyStopping,
    double l1,
    double l2,
    double clipNorm,
    List<List<Double>> samples) {}
