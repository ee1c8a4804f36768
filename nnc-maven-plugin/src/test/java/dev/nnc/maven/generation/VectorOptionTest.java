package dev.nnc.maven.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VectorOptionTest {

  static final VectorOption.PreferredBits NEVER = () -> fail("the probe must not run for a fixed width");

  @Test
  void parsesEveryDocumentedValue() throws IOException {
    assertEquals(VectorOption.PREFERRED, VectorOption.parse("preferred", "<vector>"));
    assertEquals(512, VectorOption.parse("512", "<vector>").bits(NEVER));
    assertEquals(256, VectorOption.parse("256", "<vector>").bits(NEVER));
    assertEquals(128, VectorOption.parse(" 128 ", "<vector>").bits(NEVER));
    assertEquals(0, VectorOption.parse("none", "<vector>").bits(NEVER));
  }

  @Test
  void badValuesNameTheSettingAndTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorOption.parse("1024", "<vector>"));
    assertEquals("<vector> must be one of preferred, 512, 256, 128, none, not '1024'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VectorOption.parse("", "<vector>"));
    assertThrows(IllegalArgumentException.class, () -> VectorOption.parse(null, "<vector>"));
    assertThrows(IllegalArgumentException.class, () -> VectorOption.parse("Preferred", "<vector>"));
    assertThrows(IllegalArgumentException.class, () -> VectorOption.parse("0", "<vector>"));
  }

  @Test
  void preferredAsksTheProbe() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    assertEquals(256, VectorOption.PREFERRED.bits(() -> {
      calls.incrementAndGet();
      return 256;
    }));
    assertEquals(1, calls.get());
  }
}
