package dev.nnc.maven.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InputDigestTest {

  @Test
  void fieldBoundariesCount() {
    String ab = InputDigest.create().add("x", "ab").add("x", "c").hex();
    String bc = InputDigest.create().add("x", "a").add("x", "bc").hex();
    assertNotEquals(ab, bc);
    assertNotEquals(InputDigest.create().add("a", "b").hex(), InputDigest.create().add("b", "a").hex());
  }

  @Test
  void sameFieldsSameDigest() {
    assertEquals(InputDigest.create().add("n", 42).add("s", "t").hex(), InputDigest.create().add("n", 42).add("s", "t").hex());
  }

  @Test
  void plainDigestIsSha256() {
    // SHA-256("abc") from FIPS 180-2, appendix B.1
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        InputDigest.of("abc".getBytes(StandardCharsets.US_ASCII)));
  }
}
