package dev.nnc.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Lets code that prints to a PrintStream write to picocli's PrintWriter (UTF-8 text only). */
final class WriterOutputStream extends OutputStream {

  private final PrintWriter writer;
  private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

  WriterOutputStream(PrintWriter writer) {
    this.writer = writer;
  }

  @Override
  public void write(int b) {
    pending.write(b);
  }

  @Override
  public void flush() {
    writer.write(pending.toString(StandardCharsets.UTF_8));
    pending.reset();
    writer.flush();
  }
}
