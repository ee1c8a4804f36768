package dev.nnc.runtime.io;

import dev.nnc.runtime.Network;
import dev.nnc.runtime.data.StandardScaler;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a weights file holds: the trained parameters and state, the model they belong to, and the
 * feature scaler fitted during training (empty arrays when features were not scaled).
 *
 * @param modelName the model's name when it was trained
 * @param signature the model's {@link Network#signature()} when it was trained
 * @param fingerprint the model's {@link Network#fingerprint()}, which decides compatibility
 * @param scalerMean per-feature means of the scaler, or empty
 * @param scalerScale per-feature scales of the scaler, or empty
 * @param parameters all trainable parameters, flat
 * @param state the network's {@link Network#state()} (BatchNorm running statistics), or empty
 */
public record WeightsData(String modelName, String signature, long fingerprint, float[] scalerMean,
    float[] scalerScale, float[] parameters, float[] state) {

  /** @throws IllegalArgumentException if the scaler arrays differ in length */
  public WeightsData {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(state, "state");
    if (scalerMean.length != scalerScale.length) {
      throw new IllegalArgumentException(
          scalerMean.length + " scaler means but " + scalerScale.length + " scaler scales");
    }
  }

  /** A snapshot of a network's current parameters and state, with the scaler used (null for none). */
  public static WeightsData of(Network net, StandardScaler scaler) {
    float[] mean = scaler == null ? new float[0] : scaler.mean();
    float[] scale = scaler == null ? new float[0] : scaler.scale();
    return new WeightsData(net.modelName(), net.signature(), net.fingerprint(), mean, scale,
        net.parameters().clone(), net.state().clone());
  }

  /** The scaler trained with these weights, if features were scaled. */
  public Optional<StandardScaler> scaler() {
    return scalerMean.length == 0
        ? Optional.empty()
        : Optional.of(new StandardScaler(scalerMean, scalerScale));
  }

  /**
   * Copies the parameters and the state into {@code net}; call {@link WeightsFile#checkCompatible}
   * first for a message the user can act on.
   */
  public void copyParametersInto(Network net) {
    float[] target = net.parameters();
    float[] targetState = net.state();
    if (target.length != parameters.length || targetState.length != state.length) {
      throw new IllegalArgumentException(parameters.length + " parameters and " + state.length
          + " state values do not fit a network of " + target.length + " and " + targetState.length);
    }
    System.arraycopy(parameters, 0, target, 0, parameters.length);
    System.arraycopy(state, 0, targetState, 0, state.length);
  }

  /** Equal when every field is, comparing float arrays bit for bit. */
  @Override
  public boolean equals(Object other) {
    return other instanceof WeightsData that
        && modelName.equals(that.modelName)
        && signature.equals(that.signature)
        && fingerprint == that.fingerprint
        && Arrays.equals(scalerMean, that.scalerMean)
        && Arrays.equals(scalerScale, that.scalerScale)
        && Arrays.equals(parameters, that.parameters)
        && Arrays.equals(state, that.state);
  }

  @Override
  public int hashCode() {
    return Objects.hash(modelName, signature, fingerprint, Arrays.hashCode(scalerMean),
        Arrays.hashCode(scalerScale), Arrays.hashCode(parameters), Arrays.hashCode(state));
  }

  @Override
  public String toString() {
    return "WeightsData[model=" + modelName + ", signature=" + signature + ", fingerprint="
        + Long.toHexString(fingerprint) + ", scaledFeatures=" + scalerMean.length + ", parameters="
        + parameters.length + ", state=" + state.length + "]";
  }
}
