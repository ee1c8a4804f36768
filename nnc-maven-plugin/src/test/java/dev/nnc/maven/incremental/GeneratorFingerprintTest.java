package dev.nnc.maven.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorFingerprintTest {

  @TempDir Path dir;

  @Test
  void aChangedClassFolderChangesTheFingerprint() throws IOException {
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes.resolve("dev/nnc"));
    Files.write(classes.resolve("dev/nnc/A.class"), new byte[] {1, 2, 3});
    String before = GeneratorFingerprint.of("0.1.0-SNAPSHOT", List.of(classes));
    assertEquals(before, GeneratorFingerprint.of("0.1.0-SNAPSHOT", List.of(classes)));
    Files.write(classes.resolve("dev/nnc/A.class"), new byte[] {1, 2, 4});
    assertNotEquals(before, GeneratorFingerprint.of("0.1.0-SNAPSHOT", List.of(classes)));
  }

  @Test
  void aNewVersionChangesTheFingerprint() throws IOException {
    Path jar = jar("a.jar", 1000, new byte[] {1});
    assertNotEquals(GeneratorFingerprint.of("0.1.0", List.of(jar)), GeneratorFingerprint.of("0.2.0", List.of(jar)));
  }

  @Test
  void aRebuiltJarWithTheSameClassesKeepsItsFingerprint() throws IOException {
    String first = GeneratorFingerprint.of("1", List.of(jar("one/nnc.jar", 1_000_000_000_000L, new byte[] {7, 7})));
    String rebuilt = GeneratorFingerprint.of("1", List.of(jar("two/nnc.jar", 1_700_000_000_000L, new byte[] {7, 7})));
    String changed = GeneratorFingerprint.of("1", List.of(jar("three/nnc.jar", 1_000_000_000_000L, new byte[] {7, 8})));
    assertEquals(first, rebuilt);
    assertNotEquals(first, changed);
  }

  @Test
  void findsWhereAClassCameFrom() {
    Path source = GeneratorFingerprint.codeSource(GeneratorFingerprint.class);
    assertTrue(Files.exists(source), source.toString());
  }

  private Path jar(String name, long time, byte[] content) throws IOException {
    Path jar = dir.resolve(name);
    Files.createDirectories(jar.getParent());
    try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
      ZipEntry entry = new ZipEntry("dev/nnc/A.class");
      entry.setLastModifiedTime(FileTime.fromMillis(time));
      zip.putNextEntry(entry);
      zip.write(content);
      zip.closeEntry();
    }
    return jar;
  }
}
