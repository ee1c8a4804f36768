package dev.nnc.compiler;

import dev.nnc.compiler.codegen.GeneratedSource;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources with the JDK's own compiler, in memory, and loads them, so
 * {@code nnc train} needs nothing but the {@code .nn} file.
 */
public final class InMemoryJavaCompiler {

  /** Options every compilation of generated code needs; the Vector API is an incubator module. */
  static final List<String> OPTIONS = List.of("--add-modules", "jdk.incubator.vector", "-proc:none", "-g");

  private InMemoryJavaCompiler() {}

  /** Thrown when the JDK refuses generated code, which is a bug in nnc, not in the user's model. */
  public static final class CompilationFailedException extends RuntimeException {
    CompilationFailedException(String message) {
      super(message);
    }
  }

  /** Compiles {@code source} against this JVM's class path and returns its class, loaded. */
  public static Class<?> compileAndLoad(GeneratedSource source) {
    Map<String, byte[]> classes = compile(source);
    ClassLoader parent = InMemoryJavaCompiler.class.getClassLoader();
    ClassLoader loader = new ClassLoader(parent) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
    try {
      return loader.loadClass(source.className());
    } catch (ClassNotFoundException e) {
      throw new CompilationFailedException("compiled classes lack " + source.className());
    }
  }

  /** Compiles {@code source}; returns class file bytes by binary class name. */
  public static Map<String, byte[]> compile(GeneratedSource source) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new CompilationFailedException("this Java runtime has no compiler; run nnc with a JDK, not a JRE");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
    Map<String, ByteArrayOutputStream> output = new HashMap<>();
    JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(
          Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            output.put(className, bytes);
            return bytes;
          }
        };
      }
    };
    JavaFileObject file = new SimpleJavaFileObject(
        URI.create("string:///" + source.relativePath()), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source.source();
      }
    };
    List<String> options = new ArrayList<>(OPTIONS);
    options.add("-classpath");
    options.add(String.join(File.pathSeparator, System.getProperty("java.class.path"),
        classPathOf(dev.nnc.runtime.Network.class), classPathOf(InMemoryJavaCompiler.class)));
    // javac's "using incubating module" note is expected here, so only errors are reported.
    boolean ok = javac.getTask(null, manager, diagnostics, options, null, List.of(file)).call();
    if (!ok) {
      String errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(null))
          .collect(Collectors.joining("\n"));
      throw new CompilationFailedException("internal error: the generated code for " + source.className()
          + " does not compile:\n" + errors);
    }
    Map<String, byte[]> classes = new HashMap<>();
    output.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
    return classes;
  }

  /** Where a class was loaded from, so the runtime is found even when launched with -jar. */
  private static String classPathOf(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    } catch (Exception e) {
      return "";
    }
  }
}
