package dev.nnc.maven.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.compiler.codegen.CodegenOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PreferredVectorBitsProbeTest {

  /** Surefire's JVM has the Vector API (the parent pom's argLine), so it can answer directly. */
  @Test
  void theChildJvmAgreesWithThisOne() throws Exception {
    int expected = CodegenOptions.preferredVectorBits();
    int bits = PreferredVectorBitsProbe.bits(Path.of(System.getProperty("java.home")));
    assertEquals(expected >= 512 ? 512 : expected < 128 ? 0 : expected, bits);
  }
}
