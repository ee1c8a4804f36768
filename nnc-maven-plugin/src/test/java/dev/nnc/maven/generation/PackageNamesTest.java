package dev.nnc.maven.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PackageNamesTest {

  @Test
  void aModelsFolderIsItsPackage() {
    assertEquals("com.acme.nets", PackageNames.forModel("com/acme/nets/iris.nn"));
    assertEquals("com.acme", PackageNames.forModel("com\\acme\\iris.nn"));
    assertEquals("models", PackageNames.forModel("models/iris.nn"));
  }

  @Test
  void aModelInTheSourceDirectoryGetsTheUnnamedPackage() {
    assertEquals("", PackageNames.forModel("iris.nn"));
  }

  @Test
  void foldersThatAreNotJavaNamesAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PackageNames.forModel("my-models/iris.nn"));
    assertTrue(e.getMessage().startsWith("my-models/iris.nn: its folder 'my-models' is not a valid Java package name"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("rename the folder or set <packageName>"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PackageNames.forModel("com/class/iris.nn"));
    assertThrows(IllegalArgumentException.class, () -> PackageNames.forModel("2024/iris.nn"));
  }

  @Test
  void configuredPackagesAreChecked() {
    assertEquals("dev.nnc.models", PackageNames.check("dev.nnc.models", "<packageName>"));
    assertEquals("", PackageNames.check("", "<packageName>"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PackageNames.check("dev..models", "<packageName>"));
    assertEquals("<packageName> 'dev..models' is not a valid Java package name", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PackageNames.check("dev.nnc.", "<packageName>"));
  }
}
