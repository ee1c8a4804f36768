package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.codegen.CodegenOptions;
import dev.nnc.compiler.codegen.GeneratedSource;
import dev.nnc.compiler.diag.SourceFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Properties of the generated source as a product: deterministic, traceable, JIT-friendly. */
class CodegenTest {

  static final String MLP = """
      model FashionMlp
      network { input 784; dense 256 relu; dense 128 relu; dense 10 }
      train { loss cross_entropy; batch 64 }
      """;

  @Test
  void sameInputGivesTheSameBytes() throws Exception {
    SourceFile student = SourceFile.read(Path.of("..", "models", "student.nn"));
    for (int bits : new int[] {0, 256, 512}) {
      var options = new dev.nnc.compiler.codegen.CodegenOptions("dev.nnc.models", bits);
      String first = NncCompiler.compile(student, options).source().source();
      String second = NncCompiler.compile(SourceFile.read(Path.of("..", "models", "student.nn")), options).source().source();
      assertEquals(first, second);
    }
  }

  @Test
  void everyLayerIsTracedToItsLine() {
    String source = TestModels.generate(GradientCheckTest.DEEP, 512).source();
    // network { ... } is on line 2 of the DEEP text: each layer's forward and backward name it.
    assertTrue(source.contains("// test.nn:2: dense 7 tanh -> [7]"), source);
    assertTrue(source.contains("// test.nn:2: dense 3 softmax"), source);
    assertTrue(source.contains("dense 6 sigmoid (test.nn:2)"), source);
  }

  @Test
  void smallLayersAreUnrolledAndWideOnesLoopWithAMaskedTail() {
    String student = TestModels.generate(GradientCheckTest.STUDENT, 512).source();
    // 2 -> 16: both inputs unrolled, 8 samples per tile into one 16-lane accumulator each.
    assertTrue(student.contains("av = FloatVector.broadcast(SPECIES, x[x7 + 1]);"), student);
    assertFalse(student.contains("for (int k = 0; k < 2; k++)"), student);

    String wide = TestModels.generate("""
        model Wide
        network { input 21; dense 37 relu; dense 10 }
        train { loss mse }
        """, 512).source();
    // 37 outputs = 2 vectors of 16 + a masked vector of 5, in 4-sample tiles, looping over 21 inputs.
    assertTrue(wide.contains("MASK_5 = SPECIES.indexInRange(0, 5);"), wide);
    assertTrue(wide.contains("FloatVector b2 = FloatVector.fromArray(SPECIES, p, bt + 32, MASK_5);"), wide);
    // The tail is stored lane by lane (a masked store boxes every vector on JDK 17) ...
    assertTrue(wide.contains("FloatVector out32 = acc32.max(0f);"), wide);
    assertTrue(wide.contains("y[y0 + 147] = out32.lane(4);"), wide);
    assertFalse(wide.matches("(?s).*intoArray\\([^;]*MASK_.*"), wide);
    // ... and the output layer's bias, at the very end of the parameters, is read 6 floats early
    // and its lanes shifted down, so the load stays inside the array.
    assertTrue(wide.contains("FloatVector.fromArray(SPECIES, p, DENSE2_BIAS - 6).rearrange(SHIFT_6)"), wide);
    assertTrue(wide.contains("SHIFT_6 = VectorShuffle.iota(SPECIES, 6, 1, true);"), wide);
    assertTrue(wide.contains("for (int k = 0; k < 21; k++)"), wide);
    // The kernels never add across lanes; only the gradient norm's sum does, once per call.
    assertEquals(1, wide.split("reduceLanes", -1).length - 1, wide);
    assertTrue(wide.contains("double sum = sum0.add(sum1).add(sum2.add(sum3)).reduceLanes(VectorOperators.ADD);"),
        wide);
  }

  @Test
  void wideProductsOfWholeVectorsTakeSixRowTilesWithAVX512() {
    String mlp512 = TestModels.generate(MLP, 512).source();
    // 256 columns = 16 vectors: 6 rows x 4 vectors, with 4-row tiles where a 6-row one would leave 2 or 3 rows.
    assertTrue(mlp512.contains("Rows {@code s} to {@code s + 5}: 6 rows x 4 vectors of columns at a time."), mlp512);
    assertTrue(mlp512.contains("for (; to - s >= 6 && (to - s < 8 || to - s >= 10); s += 6) {"), mlp512);
    assertTrue(mlp512.contains("dense1ForwardShortTile(p, x, y, s);"), mlp512);
    assertTrue(mlp512.contains("dense1ForwardShortTileStage(params, taskInput, dense1Out, s, from, to, first, last);"),
        mlp512);
    assertTrue(mlp512.contains("acc52 = init2, acc53 = init3;"), mlp512);
    // 256-bit vectors on AVX-512's 32 registers: 4 x 4 (16 accumulators), rows of 16 vectors.
    String mlp256 = TestModels.generate(MLP, 256, 32).source();
    assertFalse(mlp256.contains("ShortTile"), mlp256);
    assertTrue(mlp256.contains("Rows {@code s} to {@code s + 3}: 4 rows x 4 vectors of columns at a time."), mlp256);
    assertTrue(mlp256.contains("Row {@code s}, 16 vectors of columns at a time."), mlp256);
    // A partial last vector keeps 4 x 4: 6 rows of lane-by-lane tail stores would stop C2 inlining.
    String ragged = TestModels.generate(ParallelPassesTest.MODEL, 512).source();
    assertFalse(ragged.contains("dense1ForwardShortTile"), ragged);
  }

  @Test
  void eachStageOfAPipelinedTileIsAKernelOfItsOwn() {
    // JDK 17's C2 ran one kernel that chose its start and its stores at run time 18% slower
    // (bench/RESULTS.md): the pipeline picks a kernel per stage, and no kernel chooses.
    String mlp = TestModels.generate(MLP, 512).source();
    assertTrue(mlp.contains("dense1ForwardTileStage(params, taskInput, dense1Out, s, from, to, first, last);"), mlp);
    for (String kind : List.of("Tile", "ShortTile")) {
      String first = method(mlp, "dense1Forward" + kind + "FirstStage");
      String middle = method(mlp, "dense1Forward" + kind + "MiddleStage");
      String last = method(mlp, "dense1Forward" + kind + "LastStage");
      String pick = method(mlp, "dense1Forward" + kind + "Stage");
      assertTrue(pick.contains("dense1Forward" + kind + "MiddleStage(p, x, y, s, kFrom, kTo);"), pick);
      // the first stage starts from the bias and stores raw sums; later ones start from those sums
      assertTrue(first.contains("FloatVector.fromArray(SPECIES, p, DENSE1_BIAS + j)"), first);
      assertFalse(first.contains("FloatVector.fromArray(SPECIES, y,"), first);
      for (String later : List.of(middle, last)) {
        assertTrue(later.contains("FloatVector acc00 = FloatVector.fromArray(SPECIES, y, y0);"), later);
        assertFalse(later.contains("DENSE1_BIAS"), later);
      }
      // only the last applies ReLU
      assertTrue(last.contains("acc03.max(0f).intoArray(y, y0 + 48);"), last);
      assertFalse(first.contains("max(0f)") || middle.contains("max(0f)"), first + middle);
      for (String kernel : List.of(first, middle, last)) {
        assertFalse(kernel.contains("first") || kernel.contains("last"), kernel);
      }
    }
  }

  /** The text of generated method {@code name}, from its signature to its closing brace. */
  private static String method(String source, String name) {
    int start = source.indexOf("private static void " + name + "(");
    assertTrue(start >= 0, "no method " + name);
    return source.substring(start, source.indexOf("\n    }\n", start));
  }

  @Test
  void theRegisterFileFollowsTheWidthTheMachinePrefers() {
    // Only 512-bit kernels and scalar code are answered without asking the Vector API.
    assertEquals(32, CodegenOptions.machineVectorRegisters(512));
    assertEquals(32, CodegenOptions.machineVectorRegisters(0));
    boolean x86 = List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    assertEquals(x86 ? 16 : 32, CodegenOptions.registersOfMachinePreferring(256));
    assertEquals(32, CodegenOptions.registersOfMachinePreferring(512));
    assertEquals(CodegenOptions.registersOfMachinePreferring(CodegenOptions.preferredVectorBits()),
        new CodegenOptions("p", 256).vectorRegisters());
    assertEquals(16, new CodegenOptions("p", 256, 32).withVectorRegisters(16).vectorRegisters());
    assertThrows(IllegalArgumentException.class, () -> new CodegenOptions("p", 256, 24));
  }

  @Test
  void avx2TilesKeepTheirAccumulatorsInSixteenRegisters() {
    // 256 columns = 32 vectors of 8: 6 x 2 tiles (12 accumulators, 2 loads, a broadcast: 15 of 16
    // registers), 4 x 2 short tiles, and rows of 8 vectors.
    String mlp = TestModels.generate(MLP, 256, 16).source();
    assertTrue(mlp.contains("Rows {@code s} to {@code s + 5}: 6 rows x 2 vectors of columns at a time."), mlp);
    assertTrue(mlp.contains("Rows {@code s} to {@code s + 3}: 4 rows x 2 vectors of columns at a time."), mlp);
    assertTrue(mlp.contains("dense1ForwardShortTileStage(params, taskInput, dense1Out, s, from, to, first, last);"),
        mlp);
    assertTrue(mlp.contains("Row {@code s}, 8 vectors of columns at a time."), mlp);
    // The 6-row tiles store their sums and apply ReLU in a second pass; rows and 4-row tiles in registers.
    assertTrue(mlp.contains("// relu over the stored rows"), mlp);
    assertTrue(mlp.contains("acc51.intoArray("), mlp);
    assertFalse(mlp.contains("acc51.max(0f)"), mlp);
    assertTrue(mlp.contains("acc31.max(0f).intoArray("), mlp);
    assertTrue(mlp.contains("acc7.max(0f).intoArray("), mlp);
    assertFalse(mlp.contains("4 vectors of columns at a time"), mlp);
    assertFalse(mlp.contains("acc07"), mlp);
    // A partial last vector (300 columns: 37 vectors and 4 lanes) takes 4 x 2; one vector wide, 8 x 1.
    String ragged = TestModels.generate(ParallelPassesTest.MODEL, 256, 16).source();
    assertTrue(ragged.contains(": 4 rows x 2 vectors of columns at a time."), ragged);
    assertFalse(ragged.contains("dense1ForwardShortTile"), ragged);
    assertTrue(ragged.contains(": 8 rows x 1 vector of columns at a time."), ragged);
    assertFalse(ragged.contains("acc07"), ragged);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 256, 512})
  void fashionMnistSizedMethodsStayUnderTheJitLimit(int bits) {
    GeneratedSource source = TestModels.generate(MLP, bits);
    Map<String, byte[]> classes = InMemoryJavaCompiler.compile(source);
    Map<String, Integer> lengths = ClassFiles.methodCodeLengths(classes.get(source.className()));
    assertTrue(lengths.size() > 10, lengths.toString());
    lengths.forEach((method, length) ->
        assertTrue(length < ClassFiles.HUGE_METHOD_LIMIT, method + ": " + length + " bytes"));
  }

  @Test
  void classFileReaderSeesRealLengths() {
    // The reader must report a method over the limit when there is one, or the size tests prove nothing.
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      body.append("x[").append(i % 7).append("] += ").append(i).append(";\n");
    }
    GeneratedSource huge = new GeneratedSource("Huge",
        "public class Huge { static void big(int[] x) {\n" + body + "} }");
    Map<String, Integer> lengths = ClassFiles.methodCodeLengths(InMemoryJavaCompiler.compile(huge).get("Huge"));
    assertTrue(lengths.get("big([I)V") > ClassFiles.HUGE_METHOD_LIMIT, lengths.toString());
  }
}
