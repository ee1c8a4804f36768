package dev.nnc.compiler;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the bytecode length of every method in a class file, to hold generated code under HotSpot's
 * {@code HugeMethodLimit} (8000 bytes; larger methods are never JIT-compiled).
 */
public final class ClassFiles {

  /** HotSpot's default {@code -XX:HugeMethodLimit}. */
  public static final int HUGE_METHOD_LIMIT = 8000;

  private ClassFiles() {}

  /** Method name and descriptor to the length of its Code attribute's bytecode. */
  public static Map<String, Integer> methodCodeLengths(byte[] classFile) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IllegalArgumentException("not a class file");
      }
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      String[] utf8 = readConstantPool(in);
      in.readUnsignedShort(); // access flags
      in.readUnsignedShort(); // this
      in.readUnsignedShort(); // super
      in.skipBytes(2 * in.readUnsignedShort()); // interfaces
      int fields = in.readUnsignedShort();
      for (int i = 0; i < fields; i++) {
        in.skipBytes(6);
        skipAttributes(in);
      }
      Map<String, Integer> lengths = new LinkedHashMap<>();
      int methods = in.readUnsignedShort();
      for (int i = 0; i < methods; i++) {
        in.readUnsignedShort(); // access flags
        String name = utf8[in.readUnsignedShort()];
        String descriptor = utf8[in.readUnsignedShort()];
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attribute = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if (attribute.equals("Code")) {
            in.readUnsignedShort(); // max stack
            in.readUnsignedShort(); // max locals
            int codeLength = in.readInt();
            lengths.put(name + descriptor, codeLength);
            in.skipBytes(length - 8);
          } else {
            in.skipBytes(length);
          }
        }
      }
      return lengths;
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated class file", e);
    }
  }

  private static String[] readConstantPool(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 3, 4 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++; // longs and doubles take two slots
        }
        case 7, 8, 16, 19, 20 -> in.skipBytes(2);
        case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 15 -> in.skipBytes(3);
        default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
      }
    }
    return utf8;
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.readUnsignedShort();
      in.skipBytes(in.readInt());
    }
  }
}
