package dev.nnc.compiler.ir;

import java.util.List;

/**
 * The {@code train} section, every setting resolved.
 *
 * @param samples raw feature rows to predict after training ({@code predict 6, 7}), for a first look
 */
public record TrainSpec(
    LossKind loss,
    OptimizerSpec optimizer,
    int epochs,
    int batchSize,
    boolean shuffle,
    long seed,
    List<List<Double>> samples) {}
