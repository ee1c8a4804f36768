package dev.nnc.compiler.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.NncCompiler;
import dev.nnc.compiler.diag.CompileException;
import dev.nnc.compiler.diag.SourceFile;
import dev.nnc.compiler.ir.ModelSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The SVG of a model: valid XML, one group per layer with its texts, and nothing drawn on top of anything. */
class ArchitectureDiagramTest {

  static final String SVG = "http://www.w3.org/2000/svg";

  /** A monospace glyph's advance, the widest of the fonts used: the test's own estimate of a label's width. */
  static final double GLYPH_EM = 0.6;

  /** Every kind of layer, eleven of them, with the longest descriptions the language allows. */
  static final String EVERY_KIND = """
      model Everything
      network {
          input [1, 28, 28]
          relu
          flatten
          dense 300 leaky_relu(0.2)
          batchnorm(momentum = 0.2)
          dropout 0.25
          dense 64 gelu
          batchnorm
          dense 32
          tanh
          dense 10 softmax
      }
      """;

  @Test
  void studentModelHasOneGroupPerLayerWithItsShapeAndParameters() throws Exception {
    String svg = ArchitectureDiagram.svg(model("student.nn"));
    assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" "),
        "no XML declaration, so HTML can inline it");
    Element root = parse(svg);
    assertEquals("svg", root.getLocalName());
    for (String attribute : List.of("width", "height", "viewBox")) {
      assertFalse(root.getAttribute(attribute).isEmpty(), attribute + " missing");
    }
    assertEquals("img", root.getAttribute("role"));
    assertEquals("StudentPerformance", firstChild(root, "title").getTextContent());

    List<Element> layers = layers(root);
    assertEquals(List.of("layer input", "layer dense", "layer dense"),
        layers.stream().map(g -> g.getAttribute("class")).toList());
    assertEquals(List.of(
            List.of("input 2", "[2]", "0 params"),
            List.of("dense 16 relu", "[16]", "48 params"),
            List.of("dense 1 sigmoid", "[1]", "17 params")),
        layers.stream().map(g -> texts(g).stream().map(Node::getTextContent).toList()).toList());
    assertEquals("dense 16 relu (line 13)\n[2] → [16]\n48 parameters: 32 weights + 16 biases",
        firstChild(layers.get(1), "title").getTextContent());
    assertEquals("StudentPerformance · 3 layers · 65 parameters",
        elements(root, "text").stream().filter(t -> t.getAttribute("class").equals("heading")).findFirst()
            .orElseThrow().getTextContent());
  }

  @Test
  void everyKindOfLayerHasItsClass() throws Exception {
    Element root = parse(ArchitectureDiagram.svg(check(EVERY_KIND)));
    assertEquals(List.of("input", "activation", "flatten", "dense", "batchnorm", "dropout", "dense", "batchnorm",
            "dense", "activation", "dense"),
        layers(root).stream().map(g -> g.getAttribute("class").substring("layer ".length())).toList());
    // dense 300 leaky_relu(0.2), dense 64 gelu and dense 10 softmax show theirs as a band; dense 32 has none.
    assertEquals(3, elements(root, "g").stream()
        .filter(g -> g.getAttribute("class").equals("activation-band")).count());
  }

  @Test
  void textIsEscapedForElementsAndAttributes() throws Exception {
    String hostile = "<dense & \"relu\" 'x'>";
    assertEquals("&lt;dense &amp; &quot;relu&quot; &#39;x&#39;&gt;", Svg.escape(hostile));
    Element element = parse("<svg xmlns=\"" + SVG + "\" a=\"" + Svg.escape(hostile) + "\">"
        + Svg.escape(hostile) + "</svg>");
    assertEquals(hostile, element.getTextContent());
    assertEquals(hostile, element.getAttribute("a"));
  }

  @Test
  void sameModelSameBytesWithShortNumbers() throws Exception {
    String first = ArchitectureDiagram.svg(check(EVERY_KIND));
    assertEquals(first, ArchitectureDiagram.svg(check(EVERY_KIND)));
    // Coordinates, not texts such as dropout 0.25.
    String markup = first.replaceAll(">[^<]*<", "><");
    Matcher longNumber = Pattern.compile("\\d\\.\\d\\d").matcher(markup);
    assertFalse(longNumber.find(), () -> "more than one decimal: " + longNumber.group());
  }

  @Test
  void fashionMnistAndAnElevenLayerModelFitWithoutOverlaps() throws Exception {
    assertFits(ArchitectureDiagram.svg(model("fashion_mnist.nn")), 5);
    assertFits(ArchitectureDiagram.svg(check(EVERY_KIND)), 11);
  }

  /**
   * Each layer's boxes and labels lie inside the picture and left of the next layer's: the labels by
   * their centre and estimated width, the boxes by the corners emitted.
   */
  private static void assertFits(String svg, int layerCount) throws Exception {
    Element root = parse(svg);
    double width = Double.parseDouble(root.getAttribute("width"));
    assertEquals("0 0 " + root.getAttribute("width") + " " + root.getAttribute("height"), root.getAttribute("viewBox"));
    List<Element> layers = layers(root);
    assertEquals(layerCount, layers.size());
    double previousRight = 0;
    for (Element layer : layers) {
      double[] labels = labelExtent(layer);
      double[] box = boxExtent(layer);
      String what = firstChild(layer, "title").getTextContent().lines().findFirst().orElseThrow();
      assertTrue(labels[0] > previousRight && box[0] > previousRight, what + " overlaps the layer before it");
      previousRight = Math.max(labels[1], box[1]);
      assertTrue(previousRight < width, what + " is cut off at the right edge");
    }
  }

  /** Leftmost and rightmost x of the layer's centred texts. */
  private static double[] labelExtent(Element layer) {
    double left = Double.POSITIVE_INFINITY;
    double right = Double.NEGATIVE_INFINITY;
    for (Element text : texts(layer)) {
      assertEquals("middle", text.getAttribute("text-anchor"));
      double half = text.getTextContent().length() * GLYPH_EM * Double.parseDouble(text.getAttribute("font-size")) / 2;
      double centre = Double.parseDouble(text.getAttribute("x"));
      left = Math.min(left, centre - half);
      right = Math.max(right, centre + half);
    }
    return new double[] {left, right};
  }

  /** Leftmost and rightmost x of the layer's faces. */
  private static double[] boxExtent(Element layer) {
    List<Double> xs = new ArrayList<>();
    for (Element polygon : elements(layer, "polygon")) {
      for (String point : polygon.getAttribute("points").split(" ")) {
        xs.add(Double.parseDouble(point.split(",")[0]));
      }
    }
    for (Element rect : elements(layer, "rect")) {
      double x = Double.parseDouble(rect.getAttribute("x"));
      xs.add(x);
      xs.add(x + Double.parseDouble(rect.getAttribute("width")));
    }
    return new double[] {Collections.min(xs), Collections.max(xs)};
  }

  private static ModelSpec model(String file) throws Exception {
    return NncCompiler.check(SourceFile.read(Path.of("..", "models", file)));
  }

  private static ModelSpec check(String text) {
    try {
      return NncCompiler.check(SourceFile.of("test.nn", text));
    } catch (CompileException e) {
      throw new AssertionError(e.render(), e);
    }
  }

  private static Element parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
        .getDocumentElement();
  }

  private static List<Element> layers(Element root) {
    return elements(root, "g").stream().filter(g -> g.getAttribute("class").startsWith("layer ")).toList();
  }

  private static List<Element> texts(Element layer) {
    return elements(layer, "text");
  }

  private static List<Element> elements(Element under, String name) {
    NodeList nodes = under.getElementsByTagNameNS(SVG, name);
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      elements.add((Element) nodes.item(i));
    }
    return elements;
  }

  private static Element firstChild(Element parent, String name) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element) {
        assertEquals(name, element.getLocalName(), "the first element in " + parent.getAttribute("class"));
        return element;
      }
    }
    throw new AssertionError("no " + name + " in " + parent.getAttribute("class"));
  }
}
