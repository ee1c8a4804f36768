package dev.nnc.compiler.torch;

import dev.nnc.compiler.InMemoryJavaCompiler;
import dev.nnc.compiler.NncCompiler;
import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.runtime.Network;
import dev.nnc.runtime.optim.Adam;
import dev.nnc.runtime.optim.AdamW;
import dev.nnc.runtime.optim.Optimizer;
import dev.nnc.runtime.optim.RmsProp;
import dev.nnc.runtime.optim.Sgd;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Compiles the cases' networks (once per text and flavour) and builds their optimizers. */
public final class TorchNetworks {

  private static final Map<String, Class<?>> COMPILED = new ConcurrentHashMap<>();

  private TorchNetworks() {}

  /** A fresh network compiled from {@code nnText} for {@code vectorBits}-bit kernels (0: scalar). */
  public static Network network(String nnText, int vectorBits, int maxBatch) {
    Class<?> type = COMPILED.computeIfAbsent(vectorBits + "\n" + nnText, key -> compile(nnText, vectorBits));
    try {
      return (Network) type.getConstructor(int.class).newInstance(maxBatch);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Class<?> compile(String nnText, int vectorBits) {
    try {
      return InMemoryJavaCompiler.compileAndLoad(NncCompiler.compile(SourceFile.of("torch.nn", nnText),
          new CodegenOptions("dev.nnc.test", vectorBits)).source());
    } catch (CompileException e) {
      throw new AssertionError(e.render(), e);
    }
  }

  /**
   * The optimizer of a case's {@code optimizer} line: its kind, then every setting in PyTorch's
   * names, e.g. {@code sgd lr=0.1 momentum=0.9 dampening=0.0 weight_decay=0.0 nesterov=false}.
   */
  public static Optimizer optimizer(String line) {
    String[] parts = line.strip().split(" +");
    Map<String, String> settings = new HashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String[] pair = parts[i].split("=", 2);
      settings.put(pair[0], pair[1]);
    }
    Settings s = new Settings(parts[0], settings);
    Optimizer optimizer = switch (parts[0]) {
      case "sgd" -> new Sgd(s.number("lr"), s.number("momentum"), s.number("dampening"), s.number("weight_decay"),
          s.flag("nesterov"));
      case "adam" -> s.flag("amsgrad") ? null
          : new Adam(s.number("lr"), s.number("beta1"), s.number("beta2"), s.number("eps"), s.number("weight_decay"));
      case "adamw" -> s.flag("amsgrad") ? null
          : new AdamW(s.number("lr"), s.number("beta1"), s.number("beta2"), s.number("eps"), s.number("weight_decay"));
      case "rmsprop" -> new RmsProp(s.number("lr"), s.number("alpha"), s.number("eps"), s.number("weight_decay"),
          s.number("momentum"), s.flag("centered"));
      default -> throw new IllegalArgumentException("unknown optimizer in '" + line + "'");
    };
    if (optimizer == null) {
      throw new IllegalArgumentException("nnc has no amsgrad: '" + line + "'");
    }
    if (!s.unused().isEmpty()) {
      throw new IllegalArgumentException("settings " + s.unused() + " of '" + line + "' are not understood");
    }
    return optimizer;
  }

  /** Reads settings and remembers which were read, so none is silently ignored. */
  private static final class Settings {
    private final String kind;
    private final Map<String, String> values;

    Settings(String kind, Map<String, String> values) {
      this.kind = kind;
      this.values = new HashMap<>(values);
    }

    double number(String key) {
      return Double.parseDouble(take(key));
    }

    boolean flag(String key) {
      String value = take(key);
      if (!value.equals("true") && !value.equals("false")) {
        throw new IllegalArgumentException(kind + " " + key + "=" + value + " is not true or false");
      }
      return value.equals("true");
    }

    private String take(String key) {
      String value = values.remove(key);
      if (value == null) {
        throw new IllegalArgumentException(kind + " lacks the setting " + key);
      }
      return value;
    }

    List<String> unused() {
      return List.copyOf(values.keySet());
    }
  }
}
