package dev.nnc.maven.generation;

import dev.nnc.compiler.check.JavaNames;

/**
 * Which package a model's class goes in. As antlr4-maven-plugin does for grammars, a model's folder
 * relative to the source directory is its package ({@code src/main/nn/com/acme/iris.nn} becomes
 * {@code com.acme}), and a model directly in the source directory gets the unnamed package, unless a
 * package is configured.
 */
public final class PackageNames {

  private PackageNames() {}

  /**
   * The package of the model at {@code relativePath} ({@code /} or {@code \} separated).
   *
   * @throws IllegalArgumentException if the folder path is not a valid Java package name
   */
  public static String forModel(String relativePath) {
    String path = relativePath.replace('\\', '/');
    int slash = path.lastIndexOf('/');
    String packageName = slash < 0 ? "" : path.substring(0, slash).replace('/', '.');
    if (!JavaNames.isPackageName(packageName)) {
      throw new IllegalArgumentException(relativePath + ": its folder '" + path.substring(0, slash)
          + "' is not a valid Java package name (each folder must be a Java identifier, not a keyword);"
          + " rename the folder or set <packageName>");
    }
    return packageName;
  }

  /**
   * Checks a configured package name ("" for the unnamed package).
   *
   * @param setting how messages name the setting, e.g. {@code <packageName>}
   * @throws IllegalArgumentException if it is not a valid Java package name
   */
  public static String check(String packageName, String setting) {
    if (!JavaNames.isPackageName(packageName)) {
      throw new IllegalArgumentException(setting + " '" + packageName + "' is not a valid Java package name");
    }
    return packageName;
  }
}
