package dev.nnc.maven.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStateTest {

  @TempDir Path dir;

  @Test
  void roundTripsEveryCharacter() throws IOException {
    BuildState state = new BuildState("gen\t1", Map.of(
        "model:a/iris.nn", new BuildState.Entry("d1", "a/Iris.java", "o1"),
        "model:odd\tname\\with\nbreaks.nn", new BuildState.Entry("d2", "Odd.java", "o2")));
    Path file = dir.resolve("sub/exec.state");
    state.write(file);
    assertEquals(state, BuildState.read(file));
    assertTrue(Files.readString(file).startsWith("nnc-state\t" + BuildState.FORMAT + "\n"));
  }

  @Test
  void missingDamagedOrOtherFormatReadsAsEmpty() throws IOException {
    assertTrue(BuildState.read(dir.resolve("none.state")).isEmpty());
    Path other = dir.resolve("other.state");
    Files.writeString(other, "nnc-state\t0\ngenerator\tx\n", StandardCharsets.UTF_8);
    assertTrue(BuildState.read(other).isEmpty());
    Path damaged = dir.resolve("damaged.state");
    Files.writeString(damaged, "nnc-state\t" + BuildState.FORMAT + "\nentry\tonly-two-fields\n", StandardCharsets.UTF_8);
    assertTrue(BuildState.read(damaged).isEmpty());
  }

  @Test
  void escapingIsReversible() {
    for (String text : new String[] {"", "plain", "a\\tb", "\\", "tab\there", "x\r\ny", "end\\"}) {
      assertEquals(text, BuildState.unescape(BuildState.escape(text)), text);
    }
  }
}
