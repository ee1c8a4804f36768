package dev.nnc.maven.incremental;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest over labelled, length-prefixed fields, so {@code ("ab", "c")} and {@code ("a", "bc")}
 * never collide. Used for what decides a generated file's content (model, weights, options, generator)
 * and for the generated files themselves.
 */
public final class InputDigest {

  private final MessageDigest sha = newSha256();

  private InputDigest() {}

  public static InputDigest create() {
    return new InputDigest();
  }

  /** The hex SHA-256 of {@code bytes} alone. */
  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(newSha256().digest(bytes));
  }

  public InputDigest add(String label, byte[] bytes) {
    field(label.getBytes(StandardCharsets.UTF_8));
    field(bytes);
    return this;
  }

  public InputDigest add(String label, String text) {
    return add(label, text.getBytes(StandardCharsets.UTF_8));
  }

  public InputDigest add(String label, long number) {
    return add(label, Long.toString(number));
  }

  /** The digest as 64 lowercase hex digits; the digest cannot be extended afterwards. */
  public String hex() {
    return HexFormat.of().formatHex(sha.digest());
  }

  private void field(byte[] bytes) {
    sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    sha.update(bytes);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
