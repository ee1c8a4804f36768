package dev.nnc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nnc.compiler.ModelFiles;
import dev.nnc.compiler.NncCompiler;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.compiler.ir.Activation;
import dev.nnc.compiler.ir.DataSpec;
import dev.nnc.compiler.ir.Layer;
import dev.nnc.compiler.ir.LossKind;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.compiler.ir.OptimizerSpec;
import dev.nnc.compiler.ir.Shape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What valid files mean: the IR the checker builds from them. */
class GoodModelsTest {

  @Test
  void everyModelInTheRepositoryChecks() throws Exception {
    List<Path> files = ModelFiles.in(Path.of("..", "models"));
    assertFalse(files.isEmpty());
    for (Path file : files) {
      NncCompiler.check(SourceFile.read(file));
    }
  }

  @Test
  void studentModelMeansWhatTheCheatSheetSays() throws Exception {
    ModelSpec model = NncCompiler.check(SourceFile.read(Path.of("..", "models", "student.nn")));
    assertEquals("StudentPerformance", model.name());
    assertEquals(List.of("study_hours", "sleep_hours"), model.data().features());
    assertEquals("result", model.data().label());
    assertEquals(List.of("Fail", "Pass"), model.data().classes());
    assertEquals(0.2, model.data().testFraction());
    assertEquals(42, model.data().splitSeed());
    assertEquals(DataSpec.Scaling.STANDARD, model.data().scaling());
    assertEquals(List.of("input 2", "dense 16 relu", "dense 1 sigmoid"),
        model.layers().stream().map(Layer::describe).toList());
    assertEquals(65, model.parameterCount());
    assertEquals(LossKind.BCE, model.train().loss());
    assertEquals(OptimizerSpec.Kind.ADAM, model.train().optimizer().kind());
    assertEquals(0.01, model.train().optimizer().get("lr"));
    assertEquals(0.9, model.train().optimizer().get("beta1"));
    assertEquals(100, model.train().epochs());
    assertEquals(2, model.train().batchSize());
    assertFalse(model.train().shuffle());
    assertEquals(List.of(List.of(6.0, 7.0)), model.train().samples());
  }

  @Test
  void tuneSectionDeclaresGridsRangesAndTrials() throws Exception {
    ModelSpec iris = NncCompiler.check(SourceFile.read(Path.of("..", "models", "iris.nn")));
    assertEquals(List.of(0.001, 0.01, 0.1), iris.tune().grid().get("lr"));
    assertEquals(List.of(8.0, 32.0), iris.tune().grid().get("batch"));
    assertEquals(0.2, iris.tune().validation());
    assertEquals(0, iris.tune().trials());

    ModelSpec random = NncCompiler.check(SourceFile.of("r.nn", """
        model R
        network { input 2; dense 3 tanh; dense 1 }
        train { loss mse; optimizer sgd(lr = 0.1, momentum = 0.5) }
        tune { lr log(1e-4, 1e-1); momentum 0.5, 0.9; trials 12; search_seed 7 }
        """));
    assertEquals(new dev.nnc.compiler.ir.TuneSpec.Range(true, 1e-4, 1e-1), random.tune().ranges().get("lr"));
    assertEquals(List.of(0.5, 0.9), random.tune().grid().get("momentum"));
    assertEquals(12, random.tune().trials());
    assertEquals(7, random.tune().seed());
  }

  @Test
  void sectionsInAnyOrderWithCommentsSemicolonsAndExponents() throws Exception {
    ModelSpec model = NncCompiler.check(SourceFile.of("any.nn", """
        // a comment before anything
        model any_order   # trailing comment
        train {
          optimizer sgd(lr = 1e-3, momentum = 0.9, nesterov = true); epochs 3
          loss cross_entropy
          batch 8; seed 7
        }
        network { input [1, 4, 4]; flatten
                  dense 12 tanh; dense 3 }
        data "d.csv" { features a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p; label y }
        """));
    assertEquals("AnyOrder", model.javaName());
    assertEquals(1e-3, model.train().optimizer().get("lr"));
    assertEquals(1.0, model.train().optimizer().get("nesterov"));
    assertEquals(Shape.of(1, 4, 4), model.inputShape());
    assertEquals(Shape.of(16), model.layers().get(1).outputShape());
    assertEquals(Activation.IDENTITY, model.outputActivation());
    assertEquals(16, model.data().features().size());
    // The defaults PyTorch users expect where the file is silent.
    assertEquals(OptimizerSpec.Kind.SGD, model.train().optimizer().kind());
    assertEquals(0.0, model.train().optimizer().get("weight_decay"));
    assertEquals(0.0, model.data().testFraction());
    assertEquals(true, model.train().shuffle());
  }
}
