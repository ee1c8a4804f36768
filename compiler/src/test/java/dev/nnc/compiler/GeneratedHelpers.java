package dev.nnc.compiler;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.ToIntFunction;
import jdk.incubator.vector.FloatVector;

/**
 * The private math helpers of a generated class (exp, sigmoid, tanh, GELU), reached by reflection for
 * the tests that check them value by value. The class has 512-bit kernels, so the helpers' vector forms
 * are there too.
 */
final class GeneratedHelpers {

  private final Class<?> type;

  GeneratedHelpers(String model) {
    type = InMemoryJavaCompiler.compileAndLoad(TestModels.generate(model, 512));
  }

  /** The helper {@code name} of {@code arity} float parameters, made callable. */
  Method scalar(String name, int arity) {
    return method(name, float.class, arity);
  }

  /** The vector form of {@link #scalar}: the same name, FloatVector parameters. */
  Method vector(String name, int arity) {
    return method(name, FloatVector.class, arity);
  }

  private Method method(String name, Class<?> parameter, int arity) {
    Class<?>[] parameters = new Class<?>[arity];
    Arrays.fill(parameters, parameter);
    try {
      Method method = type.getDeclaredMethod(name, parameters);
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException e) {
      throw new AssertionError(type.getSimpleName() + " has no " + name + " of " + arity + " " + parameter.getSimpleName(),
          e);
    }
  }

  static float call(Method helper, float... arguments) {
    Object[] boxed = new Object[arguments.length];
    for (int i = 0; i < arguments.length; i++) {
      boxed[i] = arguments[i];
    }
    return (float) invoke(helper, boxed);
  }

  static FloatVector call(Method vectorForm, FloatVector... arguments) {
    return (FloatVector) invoke(vectorForm, (Object[]) arguments);
  }

  private static Object invoke(Method method, Object... arguments) {
    try {
      return method.invoke(null, arguments);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Fills {@code x} with floats from 0 up to {@code limit}, 65537 floats apart, every other lane
   * negated (so that each vector mixes signs, and branches where a helper has them), and runs
   * {@code check} on each filling; returns the sum of what it returned, the values checked.
   */
  static int sweepBothSigns(float[] x, float limit, ToIntFunction<float[]> check) {
    int checked = 0;
    for (int bits = 0; bits <= Float.floatToRawIntBits(limit); bits += 65537 * x.length) {
      for (int i = 0; i < x.length; i++) {
        float value = Float.intBitsToFloat(bits + 65537 * i);
        x[i] = i % 2 == 0 ? value : -value;
      }
      checked += check.applyAsInt(x);
    }
    return checked;
  }
}
