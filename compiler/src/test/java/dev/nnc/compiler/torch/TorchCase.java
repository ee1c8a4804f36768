package dev.nnc.compiler.torch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reference case written by {@code bench/torch-reference/make_reference.py}: a {@code .nn} network,
 * its fixed weights, inputs and targets, and what PyTorch computed from them. The file is line based:
 * {@code #} lines are comments, every other line is a key, a space and its value; the key {@code nn}
 * repeats, one line of the {@code .nn} text each. The script's docstring describes every key.
 */
public final class TorchCase {

  /** Where the script writes the cases, on the test class path. */
  public static final String FOLDER = "torch/";

  /** A system property naming a folder to read the cases from instead of the class path. */
  public static final String FOLDER_PROPERTY = "nnc.torch.reference";

  private final String name;
  private final String nnText;
  private final Map<String, String> values;

  private TorchCase(String name, String nnText, Map<String, String> values) {
    this.name = name;
    this.nnText = nnText;
    this.values = values;
  }

  /** The case names listed in the folder's {@code index.txt}, in the order the script wrote them. */
  public static List<String> index() {
    List<String> names = new ArrayList<>();
    for (String line : read(FOLDER + "index.txt").split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        names.add(trimmed);
      }
    }
    return names;
  }

  /** Reads {@code torch/<name>.txt} from the test class path. */
  public static TorchCase load(String name) {
    String resource = FOLDER + name + ".txt";
    StringBuilder nn = new StringBuilder();
    Map<String, String> values = new LinkedHashMap<>();
    int number = 0;
    for (String line : read(resource).split("\n")) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.indexOf(' ');
      String key = space < 0 ? line : line.substring(0, space);
      String value = space < 0 ? "" : line.substring(space + 1);
      if (key.equals("nn")) {
        nn.append(value).append('\n');
      } else if (values.put(key, value) != null) {
        throw new IllegalArgumentException(resource + ":" + number + ": '" + key + "' is given twice");
      }
    }
    TorchCase loaded = new TorchCase(values.getOrDefault("case", "?"), nn.toString(), values);
    if (!loaded.name.equals(name)) {
      throw new IllegalArgumentException(resource + " holds case '" + loaded.name + "'");
    }
    return loaded;
  }

  /**
   * Reads a resource from the test class path or, when the system property {@value #FOLDER_PROPERTY}
   * names a folder, from that folder instead (e.g. the script's {@code --float64} diagnostic output).
   */
  private static String read(String resource) {
    String folder = System.getProperty(FOLDER_PROPERTY);
    if (folder != null && !folder.isBlank()) {
      try {
        return Files.readString(Path.of(folder, resource.substring(FOLDER.length())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try (InputStream in = TorchCase.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource
            + "; run bench/torch-reference/make_reference.py");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  /** The network as a {@code .nn} file. */
  public String nnText() {
    return nnText;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** The raw text of a key. */
  public String text(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("case " + name + " has no '" + key + "'");
    }
    return value;
  }

  public int integer(String key) {
    return Integer.parseInt(text(key).strip());
  }

  public boolean flag(String key) {
    String value = text(key).strip();
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException("case " + name + ": '" + key + "' is not true or false: " + value);
    }
    return value.equals("true");
  }

  /** A space-separated list of floats; an empty value is an empty array. */
  public float[] floats(String key) {
    String value = text(key).strip();
    if (value.isEmpty()) {
      return new float[0];
    }
    String[] parts = value.split(" +");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i]);
    }
    return out;
  }

  public int[] integers(String key) {
    String value = text(key).strip();
    if (value.isEmpty()) {
      return new int[0];
    }
    String[] parts = value.split(" +");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Integer.parseInt(parts[i]);
    }
    return out;
  }

  public float scalar(String key) {
    float[] v = floats(key);
    if (v.length != 1) {
      throw new IllegalArgumentException("case " + name + ": '" + key + "' holds " + v.length + " values, not 1");
    }
    return v[0];
  }

  @Override
  public String toString() {
    return name;
  }
}
