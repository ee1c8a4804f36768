package dev.nnc.runtime.check;

import dev.nnc.runtime.Loss;
import dev.nnc.runtime.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares a network's analytic gradients (its generated backward pass) with central finite
 * differences of its loss, parameter by parameter.
 *
 * <p>The network computes in float, so each difference quotient carries rounding noise of about
 * {@code ulp(loss) / step}; the check therefore tries three step sizes (the smaller ones step over fewer ReLU kinks) and
 * accepts a parameter when any
 * agrees within {@code absoluteTolerance + relativeTolerance * max(|analytic|, |numeric|)}. A real error in
 * backward (a wrong sign, a missing term, a transposed index) is off by the size of the gradient itself
 * and fails at every step.
 */
public final class GradientCheck {

  private static final double[] STEPS = {1e-2, 1e-3, 1e-4};

  private final double absoluteTolerance;
  private final double relativeTolerance;

  public GradientCheck(double absoluteTolerance, double relativeTolerance) {
    this.absoluteTolerance = absoluteTolerance;
    this.relativeTolerance = relativeTolerance;
  }

  /** One parameter whose gradients disagree. */
  public record Mismatch(int index, double analytic, double numeric) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "parameter %d: backward %.6g, finite difference %.6g", index, analytic, numeric);
    }
  }

  /** Every parameter whose analytic and numeric gradients disagree (empty when backward is right). */
  public List<Mismatch> run(Network net, float[] x, float[] target, int batch) {
    return run(net, net.loss(), x, target, batch);
  }

  /** As {@link #run(Network, float[], float[], int)} with another loss in place of the network's own. */
  public List<Mismatch> run(Network net, Loss loss, float[] x, float[] target, int batch) {
    net.setTraining(true);
    float[] params = net.parameters();
    net.forward(x, batch);
    loss.lossAndGradient(net.lossInput(), target, batch, net.outputSize(), net.lossGradient());
    net.backward(x, batch);
    float[] analytic = net.gradients().clone();

    List<Mismatch> mismatches = new ArrayList<>();
    for (int i = 0; i < params.length; i++) {
      float original = params[i];
      double closest = Double.NaN;
      boolean agrees = false;
      for (double step : STEPS) {
        // Step by an amount exactly representable relative to the parameter, so +h and -h are symmetric.
        float plus = (float) (original + step);
        float minus = (float) (original - step);
        params[i] = plus;
        double lossPlus = loss(net, loss, x, target, batch);
        params[i] = minus;
        double lossMinus = loss(net, loss, x, target, batch);
        params[i] = original;
        double numeric = (lossPlus - lossMinus) / ((double) plus - (double) minus);
        double tolerance = absoluteTolerance + relativeTolerance * Math.max(Math.abs(analytic[i]), Math.abs(numeric));
        if (Math.abs(analytic[i] - numeric) <= tolerance) {
          agrees = true;
          break;
        }
        if (Double.isNaN(closest) || Math.abs(analytic[i] - numeric) < Math.abs(analytic[i] - closest)) {
          closest = numeric;
        }
      }
      if (!agrees) {
        mismatches.add(new Mismatch(i, analytic[i], closest));
      }
    }
    return mismatches;
  }

  private static double loss(Network net, Loss loss, float[] x, float[] target, int batch) {
    net.forward(x, batch);
    return loss.loss(net.lossInput(), target, batch, net.outputSize());
  }
}
