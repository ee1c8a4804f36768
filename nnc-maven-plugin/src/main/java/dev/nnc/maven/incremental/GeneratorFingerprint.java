package dev.nnc.maven.incremental;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Identifies the code generator a build runs with, so that upgrading nnc (or rebuilding a snapshot of
 * it) regenerates every model: the plugin's version plus the contents of the jars or class folders the
 * plugin, compiler, grammar, runtime and their libraries are loaded from.
 *
 * <p>A jar counts by its entries' names, sizes and CRC-32s, which the zip directory already holds, so a
 * rebuilt jar with the same classes but new timestamps keeps its fingerprint and nothing is
 * decompressed. A class folder (the compiler built in the same reactor) counts by its files' bytes.
 */
public final class GeneratorFingerprint {

  private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

  private GeneratorFingerprint() {}

  /**
   * The fingerprint of the generator that {@code classes} are loaded from, computed once per JVM (one
   * Maven build, or one IDE session) for each version.
   */
  public static String current(String pluginVersion, List<Class<?>> classes) {
    return CACHE.computeIfAbsent(pluginVersion + " " + classes, key -> {
      Set<Path> sources = new LinkedHashSet<>();
      for (Class<?> type : classes) {
        sources.add(codeSource(type));
      }
      try {
        return of(pluginVersion, List.copyOf(sources));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The fingerprint of {@code version} with the given jars and class folders, in this order. */
  public static String of(String version, List<Path> codeSources) throws IOException {
    InputDigest digest = InputDigest.create().add("version", version);
    for (Path source : codeSources) {
      if (Files.isDirectory(source)) {
        addFolder(digest, source);
      } else {
        addJar(digest, source);
      }
    }
    return digest.hex();
  }

  /** The jar or class folder {@code type} was loaded from. */
  public static Path codeSource(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from");
    }
    try {
      return Path.of(source.getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from", e);
    }
  }

  private static void addJar(InputDigest digest, Path jar) throws IOException {
    digest.add("jar", jar.getFileName().toString());
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<? extends ZipEntry> entries = Collections.list(zip.entries());
      entries.sort((a, b) -> a.getName().compareTo(b.getName()));
      for (ZipEntry entry : entries) {
        digest.add("entry", entry.getName()).add("size", entry.getSize()).add("crc", entry.getCrc());
      }
    }
  }

  private static void addFolder(InputDigest digest, Path folder) throws IOException {
    digest.add("folder", folder.getFileName().toString());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      digest.add("file", folder.relativize(file).toString().replace('\\', '/')).add("bytes", Files.readAllBytes(file));
    }
  }
}
