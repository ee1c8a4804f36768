package dev.nnc.compiler.diagram;

import dev.nnc.compiler.ir.Activation;
import dev.nnc.compiler.ir.Layer;
import dev.nnc.compiler.ir.ModelSpec;
import dev.nnc.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model's layer stack drawn as an SVG picture in the manner of PlotNeuralNet: one pseudo-3D box per
 * layer, left to right, joined by arrows, with the layer as written, its output shape and its parameter
 * count underneath. Each box shows the tensor the layer puts out: its height grows with the number of
 * values on a log scale, and a picture ({@code [1, 28, 28]}) recedes as deep as it is wide.
 *
 * <p>The document has no XML declaration, so the same text is a {@code .svg} file or part of an HTML
 * page. The same model always gives the same bytes.
 */
public final class ArchitectureDiagram {

  /** Estimated advance of one character, in font sizes; generous, so estimated labels never touch. */
  static final double CHAR_WIDTH_EM = 0.62;

  private static final double MARGIN = 24;
  /** Between neighbouring columns: the arrows run here. */
  private static final double GAP = 36;

  /** A box of 1 value is MIN_HEIGHT tall, one of FULL_HEIGHT_VALUES or more MAX_HEIGHT. */
  private static final double MIN_HEIGHT = 20;
  private static final double MAX_HEIGHT = 150;
  private static final double FULL_HEIGHT_VALUES = 1024;
  private static final double THICKNESS = 14;
  /** Width of the activation band on a dense layer's face. */
  private static final double BAND = 5;
  /** How a box's depth is projected: up and to the right, foreshortened. */
  private static final double DEPTH_X = 0.6;
  private static final double DEPTH_Y = 0.45;
  /** Depth of a vector's box, as a fraction of its height. */
  private static final double VECTOR_DEPTH = 0.4;

  private static final double HEADING_SIZE = 16;
  private static final String SANS = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
  private static final String MONOSPACE = "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace";
  private static final String INK = "#1f2328";
  private static final String MUTED_INK = "#57606a";
  private static final String OUTLINE = "#3d4148";

  private ArchitectureDiagram() {}

  /** What a layer does, which picks its colour and names its class in the SVG. */
  private enum Kind {
    INPUT("input", 0x9fb3c8),
    FLATTEN("flatten", 0xb9a8e6),
    DENSE("dense", 0xf5c76b),
    ACTIVATION("activation", 0xe8743b),
    BATCHNORM("batchnorm", 0x79c7a1),
    DROPOUT("dropout", 0xc8ccd2);

    final String cssClass;
    final int colour;

    Kind(String cssClass, int colour) {
      this.cssClass = cssClass;
      this.colour = colour;
    }

    static Kind of(Layer layer) {
      if (layer instanceof Layer.Input) {
        return INPUT;
      } else if (layer instanceof Layer.Flatten) {
        return FLATTEN;
      } else if (layer instanceof Layer.Dense) {
        return DENSE;
      } else if (layer instanceof Layer.Act) {
        return ACTIVATION;
      } else if (layer instanceof Layer.BatchNorm) {
        return BATCHNORM;
      } else if (layer instanceof Layer.Dropout) {
        return DROPOUT;
      }
      throw new IllegalArgumentException("no colour for " + layer.describe());
    }
  }

  /** A box's size on the page: its front face and how far its depth reaches right and up. */
  private record Block(double thickness, double height, double depthX, double depthY) {

    static Block of(Shape shape) {
      double height = heightFor(shape.size());
      double depth;
      double thickness = THICKNESS;
      if (shape.rank() == 1) {
        depth = VECTOR_DEPTH * height;
      } else {
        // A picture [channels,] rows, columns: as deep as it is wide, thicker with more channels.
        double rows = shape.dim(shape.rank() - 2);
        double columns = shape.dim(shape.rank() - 1);
        depth = Math.min(height, height * columns / rows);
        if (shape.rank() == 3) {
          thickness = Math.min(4 * THICKNESS, THICKNESS + 6 * log2(shape.dim(0)));
        }
      }
      return new Block(thickness, height, DEPTH_X * depth, DEPTH_Y * depth);
    }

    /** Log scale, so 1 and 784 values both look sensible; StrictMath, so every machine draws alike. */
    private static double heightFor(int values) {
      double fraction = StrictMath.log(values) / StrictMath.log(FULL_HEIGHT_VALUES);
      return Math.min(MAX_HEIGHT, MIN_HEIGHT + (MAX_HEIGHT - MIN_HEIGHT) * fraction);
    }

    private static double log2(int n) {
      return StrictMath.log(n) / StrictMath.log(2);
    }

    double width() {
      return thickness + depthX;
    }
  }

  /** One line of text under a box. */
  private record TextLine(String cssClass, double fontSize, String fontFamily, String fill, String text) {
    double width() {
      return textWidth(text, fontSize);
    }
  }

  /** A layer placed on the page: box and labels centre on {@code centre}; {@code width} is the wider of them. */
  private record Column(Layer layer, Kind kind, Block block, List<TextLine> lines, double centre, double width) {
    /** Where the box's front face starts. */
    double left() {
      return centre - block.width() / 2;
    }

    /** Where the box's side face ends. */
    double right() {
      return centre + block.width() / 2;
    }
  }

  /** The model as a standalone SVG document, starting {@code <svg xmlns=...}. */
  public static String svg(ModelSpec model) {
    List<Column> columns = layOut(model.layers());
    String summary = " · " + plural(model.layers().size(), "layer") + " · "
        + plural(model.parameterCount(), "parameter");

    // Vertically: the heading, the boxes centred on one axis, then the labels in rows.
    double headingBaseline = MARGIN + HEADING_SIZE;
    double rise = columns.stream().mapToDouble(c -> c.block().height() / 2 + c.block().depthY()).max().orElse(0);
    double drop = columns.stream().mapToDouble(c -> c.block().height() / 2).max().orElse(0);
    double axis = headingBaseline + 24 + rise;
    double labelsTop = axis + drop + 18;
    double labelsHeight = columns.get(0).lines().stream().mapToDouble(ArchitectureDiagram::lineHeight).sum();
    double height = Math.ceil(labelsTop + labelsHeight + MARGIN);
    Column last = columns.get(columns.size() - 1);
    double width = Math.ceil(Math.max(last.centre() + last.width() / 2,
        MARGIN + textWidth(model.name() + summary, HEADING_SIZE)) + MARGIN);

    StringBuilder out = new StringBuilder();
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(Svg.coordinate(width)).append("\" height=\"")
        .append(Svg.coordinate(height)).append("\" viewBox=\"0 0 ").append(Svg.coordinate(width)).append(' ').append(Svg.coordinate(height))
        .append("\" role=\"img\" font-family=\"").append(SANS).append("\">\n");
    out.append("  <title>").append(Svg.escape(model.name())).append("</title>\n");
    out.append("  <rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    out.append("  <text class=\"heading\" x=\"").append(Svg.coordinate(MARGIN)).append("\" y=\"").append(Svg.coordinate(headingBaseline))
        .append("\" font-size=\"").append(Svg.coordinate(HEADING_SIZE)).append("\" fill=\"").append(INK)
        .append("\"><tspan font-weight=\"bold\">").append(Svg.escape(model.name())).append("</tspan>")
        .append(Svg.escape(summary)).append("</text>\n");
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        arrow(out, columns.get(i - 1).right() + 4, columns.get(i).left() - 4, axis);
      }
      layer(out, columns.get(i), axis, labelsTop);
    }
    out.append("</svg>\n");
    return out.toString();
  }

  /** Columns left to right, each as wide as its box or its longest label, so nothing overlaps. */
  private static List<Column> layOut(List<Layer> layers) {
    List<Column> columns = new ArrayList<>();
    double right = MARGIN - GAP;
    for (Layer layer : layers) {
      Block block = Block.of(layer.outputShape());
      List<TextLine> lines = List.of(
          new TextLine("label", 12, MONOSPACE, INK, layer.describe()),
          new TextLine("shape", 11, null, MUTED_INK, layer.outputShape().toString()),
          new TextLine("params", 11, null, MUTED_INK, plural(layer.parameterCount(), "param")));
      double width = Math.max(block.width(), lines.stream().mapToDouble(TextLine::width).max().orElseThrow());
      double left = right + GAP;
      columns.add(new Column(layer, Kind.of(layer), block, lines, left + width / 2, width));
      right = left + width;
    }
    return columns;
  }

  private static void layer(StringBuilder out, Column column, double axis, double labelsTop) {
    Layer layer = column.layer();
    out.append("  <g class=\"layer ").append(column.kind().cssClass).append("\">\n");
    out.append("    <title>").append(Svg.escape(tooltip(layer))).append("</title>\n");
    out.append("    <g class=\"block\" stroke=\"").append(OUTLINE).append("\" stroke-width=\"0.8\"")
        .append(" stroke-linejoin=\"round\"");
    if (column.kind() == Kind.DROPOUT) {
      // Dashed: some of the units are switched off.
      out.append(" stroke-dasharray=\"3 2\"");
    }
    out.append(">\n");
    Block block = column.block();
    double x = column.left();
    double top = axis - block.height() / 2;
    Activation activation = layer instanceof Layer.Dense dense ? dense.activation() : Activation.IDENTITY;
    boolean band = activation != Activation.IDENTITY;
    int colour = column.kind().colour;
    face(out, "    ", shade(colour, 0xffffff, 0.4),
        x, top, x + block.thickness(), top, x + block.thickness() + block.depthX(), top - block.depthY(),
        x + block.depthX(), top - block.depthY());
    face(out, "    ", shade(colour, 0x000000, 0.2),
        x + block.thickness(), top, x + block.thickness() + block.depthX(), top - block.depthY(),
        x + block.thickness() + block.depthX(), top + block.height() - block.depthY(),
        x + block.thickness(), top + block.height());
    rect(out, "    ", hex(colour), x, top, block.thickness(), block.height());
    if (band) {
      // A strip in the activation's colour where the data leaves: the last thing the layer does.
      double bandLeft = x + block.thickness() - BAND;
      out.append("      <g class=\"activation-band\">\n");
      face(out, "      ", shade(Kind.ACTIVATION.colour, 0xffffff, 0.4), bandLeft, top, bandLeft + BAND, top,
          bandLeft + BAND + block.depthX(), top - block.depthY(), bandLeft + block.depthX(), top - block.depthY());
      rect(out, "      ", hex(Kind.ACTIVATION.colour), bandLeft, top, BAND, block.height());
      out.append("      </g>\n");
    }
    out.append("    </g>\n");
    double baseline = labelsTop;
    for (TextLine line : column.lines()) {
      baseline += lineHeight(line);
      out.append("    <text class=\"").append(line.cssClass()).append("\" x=\"").append(Svg.coordinate(column.centre()))
          .append("\" y=\"").append(Svg.coordinate(baseline)).append("\" font-size=\"").append(Svg.coordinate(line.fontSize())).append('"');
      if (line.fontFamily() != null) {
        out.append(" font-family=\"").append(line.fontFamily()).append('"');
      }
      out.append(" fill=\"").append(line.fill()).append("\" text-anchor=\"middle\">").append(Svg.escape(line.text()))
          .append("</text>\n");
    }
    out.append("  </g>\n");
  }

  private static double lineHeight(TextLine line) {
    return 1.45 * line.fontSize();
  }

  /** A horizontal arrow from {@code from} to the tip at {@code to}. */
  private static void arrow(StringBuilder out, double from, double to, double y) {
    double head = 7;
    out.append("  <g class=\"arrow\" fill=\"").append(MUTED_INK).append("\" stroke=\"").append(MUTED_INK)
        .append("\">\n");
    out.append("    <line x1=\"").append(Svg.coordinate(from)).append("\" y1=\"").append(Svg.coordinate(y)).append("\" x2=\"")
        .append(Svg.coordinate(to - head)).append("\" y2=\"").append(Svg.coordinate(y)).append("\" stroke-width=\"1.5\"/>\n");
    out.append("    <polygon points=\"").append(Svg.coordinate(to)).append(',').append(Svg.coordinate(y)).append(' ')
        .append(Svg.coordinate(to - head)).append(',').append(Svg.coordinate(y - 3.5)).append(' ')
        .append(Svg.coordinate(to - head)).append(',').append(Svg.coordinate(y + 3.5)).append("\" stroke=\"none\"/>\n");
    out.append("  </g>\n");
  }

  private static void face(StringBuilder out, String indent, String fill, double... xy) {
    out.append(indent).append("  <polygon points=\"");
    for (int i = 0; i < xy.length; i += 2) {
      out.append(i == 0 ? "" : " ").append(Svg.coordinate(xy[i])).append(',').append(Svg.coordinate(xy[i + 1]));
    }
    out.append("\" fill=\"").append(fill).append("\"/>\n");
  }

  private static void rect(StringBuilder out, String indent, String fill, double x, double y, double w, double h) {
    out.append(indent).append("  <rect x=\"").append(Svg.coordinate(x)).append("\" y=\"").append(Svg.coordinate(y)).append("\" width=\"")
        .append(Svg.coordinate(w)).append("\" height=\"").append(Svg.coordinate(h)).append("\" fill=\"").append(fill).append("\"/>\n");
  }

  /** The hover text: the layer, where it is written, its shapes and what its parameters are. */
  private static String tooltip(Layer layer) {
    String where = layer.position().isKnown() ? " (line " + layer.position().line() + ")" : "";
    String shapes = layer instanceof Layer.Input
        ? layer.outputShape().toString() : layer.inputShape() + " → " + layer.outputShape();
    String parameters;
    if (layer instanceof Layer.Dense dense) {
      parameters = plural(dense.parameterCount(), "parameter") + ": " + plural(dense.inputs() * dense.units(), "weight")
          + " + " + plural(dense.units(), "bias");
    } else if (layer instanceof Layer.BatchNorm) {
      int features = layer.inputShape().size();
      parameters = plural(layer.parameterCount(), "parameter") + ": " + plural(features, "scale") + " + "
          + plural(features, "shift");
    } else {
      parameters = "no parameters";
    }
    return layer.describe() + where + "\n" + shapes + "\n" + parameters;
  }

  /** {@code 1,234 params}, {@code 1 param}. */
  private static String plural(int count, String noun) {
    String plural = noun.endsWith("s") ? noun + "es" : noun + "s";
    return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? noun : plural);
  }

  static double textWidth(String text, double fontSize) {
    return text.codePointCount(0, text.length()) * CHAR_WIDTH_EM * fontSize;
  }

  /** {@code colour} moved {@code amount} of the way towards {@code target}: lit or shaded faces. */
  private static String shade(int colour, int target, double amount) {
    int mixed = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int from = (colour >> shift) & 0xff;
      int to = (target >> shift) & 0xff;
      mixed |= (int) Math.round(from + (to - from) * amount) << shift;
    }
    return hex(mixed);
  }

  private static String hex(int colour) {
    return String.format(Locale.ROOT, "#%06x", colour);
  }
}
