package org.shortcuthessian.experiments;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.shortcuthessian.io.OutputDirectory;

/**
 * Line plots for papers, drawn with Java2D (off screen: nothing is shown, no display is needed) and written as
 * PNG, SVG and PDF. One style everywhere: white background, a title and a subtitle (data, N, seeds), labelled
 * decades on log₁₀ axes (with 2…9 minor ticks, or 1-2-5 labels inside one decade), powers of two on log₂ axes
 * (depths), linear ticks spaced so that their labels never overlap, and per series a distinct colour (Okabe–Ito),
 * marker and dash pattern. A spread is drawn as a bar from its lower to its upper value (on a log axis the
 * callers give geometric mean ÷ and × geometric std, which is symmetric there), or for a dense series (over 40
 * points) as a translucent band.
 */
public final class Plots {
    /** The formats every figure is written in, as file extensions. */
    public static final List<String> FORMATS = List.of("png", "svg", "pdf");
    /** Logical size of a figure (PNG pixels at scale 1; SVG and PDF points). */
    static final int WIDTH = 900;
    static final int HEIGHT = 560;
    /** The PNG is rendered at this multiple of the logical size. */
    static final int PNG_SCALE = 2;

    private static final Color[] COLORS = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xE69F00), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000), new Color(0x8C564B)};
    private static final float[][] DASHES = {null, {7f, 4f}, {2f, 3f}, {9f, 3f, 2f, 3f}, {14f, 4f},
        {9f, 3f, 2f, 3f, 2f, 3f}, {4f, 4f}, {1f, 2f}};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font EXPONENT = new Font(Font.SANS_SERIF, Font.PLAIN, 9);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Color GRID = new Color(0xE3E3E3);
    private static final Color MINOR_GRID = new Color(0xF2F2F2);
    private static final Color TEXT = new Color(0x222222);
    private static final Color SUBTEXT = new Color(0x555555);

    private Plots() {
    }

    /** How an axis maps values: linear, log₁₀ (labelled decades) or log₂ (labelled powers of two, for depths). */
    public enum Scale {
        LINEAR, LOG10, LOG2;

        boolean log() {
            return this != LINEAR;
        }

        double forward(double v) {
            return switch (this) {
                case LINEAR -> v;
                case LOG10 -> Math.log10(v);
                case LOG2 -> Math.log(v) / Math.log(2);
            };
        }

        /** @return whether v can be shown on this axis (finite; positive on a log axis). */
        boolean shows(double v) {
            return Double.isFinite(v) && (this == LINEAR || v > 0);
        }
    }

    /** @param label the axis title; @param scale how values map */
    public record Axis(String label, Scale scale) {
    }

    /**
     * One series.
     *
     * @param name  legend
     * @param x     abscissae
     * @param y     ordinates
     * @param lower lower end of the spread at each point (null: no spread)
     * @param upper upper end of the spread at each point (null: no spread)
     * @param censored    per point, whether y is only a lower bound (a censored value, docs/DESIGN.md "The rounding
     *                    floor"): drawn as an open marker with an upward arrow, without spread (null: none)
     * @param referenceOf null for a measured series; else a theoretical reference (a prediction) drawn thin and
     *                    dashed, without markers, in the colour of the measured series of that name
     */
    public record Line(String name, double[] x, double[] y, double[] lower, double[] upper, boolean[] censored,
                       String referenceOf) {
        public Line(String name, double[] x, double[] y, double[] lower, double[] upper) {
            this(name, x, y, lower, upper, null, null);
        }

        public Line(String name, double[] x, double[] y) {
            this(name, x, y, null, null);
        }

        /** @return a measured series whose points marked in censored are lower bounds. */
        public static Line censored(String name, double[] x, double[] y, double[] lower, double[] upper,
                                    boolean[] censored) {
            return new Line(name, x, y, lower, upper, censored, null);
        }

        /** @return a theoretical reference line in the colour of the measured series named measured, dashed. */
        public static Line reference(String name, double[] x, double[] y, String measured) {
            return new Line(name, x, y, null, null, null, measured);
        }

        boolean censoredAt(int k) {
            return censored != null && censored[k];
        }
    }

    /**
     * A figure.
     *
     * @param title    first line, bold
     * @param subtitle second line (what the data are, N, seeds, what the spread is), or empty
     * @param x        abscissa
     * @param y        ordinate
     * @param markers  markers at the points (dense series get a marker every few points)
     * @param lines    drawn in order; points an axis cannot show are left out
     */
    public record Figure(String title, String subtitle, Axis x, Axis y, boolean markers, List<Line> lines) {
    }

    /**
     * Writes the figure as {@code base.png}, {@code base.svg} and {@code base.pdf}, staged in out.
     *
     * @return the three file names
     */
    public static List<String> save(OutputDirectory out, String base, Figure f) {
        List<String> names = new ArrayList<>();
        for (String format : FORMATS) {
            String name = base + "." + format;
            write(out.stage(name), format, f, out.dir().resolve(name));
            names.add(name);
        }
        return names;
    }

    /** Writes one format of the figure to file (the name in messages is shown). */
    static void write(Path file, String format, Figure f, Path shown) {
        try (OutputStream o = Files.newOutputStream(file)) {
            switch (format) {
                case "png" -> png(f, o);
                case "svg" -> svg(f, o);
                case "pdf" -> pdf(f, o);
                default -> throw new IllegalArgumentException("format " + format);
            }
        } catch (IOException e) {
            // ImageIO wraps the file system's reason ("No space left on device") in its own message: say the reason
            Throwable root = e;
            while (root.getCause() instanceof IOException cause) {
                root = cause;
            }
            throw new UncheckedIOException(shown + ": " + root.getMessage(), e);
        }
    }

    /** Writes the figure as a PNG of {@link #PNG_SCALE} × the logical size. */
    public static void png(Figure f, OutputStream out) throws IOException {
        BufferedImage img = new BufferedImage(WIDTH * PNG_SCALE, HEIGHT * PNG_SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.scale(PNG_SCALE, PNG_SCALE);
            draw(g, f);
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", out);
    }

    /** Writes the figure as SVG (VectorGraphics2D; text as text). */
    public static void svg(Figure f, OutputStream out) throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        draw(g, f);
        Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, WIDTH, HEIGHT)).writeTo(out);
    }

    /** Writes the figure as a one-page PDF (pdfbox-graphics2d; text as vector outlines, so any font shows). */
    public static void pdf(Figure f, OutputStream out) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(WIDTH, HEIGHT));
            doc.addPage(page);
            PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, WIDTH, HEIGHT);
            try {
                draw(g, f);
            } finally {
                g.dispose();
            }
            PDFormXObject form = g.getXFormObject();
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.drawForm(form);
            }
            // the file identifier from the drawing, not from the clock (PDFBox's default): the same figure, the same
            // bytes, so redrawn results do not change
            byte[] id;
            try (java.io.InputStream drawing = form.getContents()) {
                id = java.security.MessageDigest.getInstance("MD5").digest(drawing.readAllBytes());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is a required JDK algorithm", e);
            }
            COSArray ids = new COSArray();
            ids.add(new COSString(id));
            ids.add(new COSString(id));
            doc.getDocument().getTrailer().setItem(COSName.ID, ids);
            doc.save(out);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Drawing

    /** One tick: position (in the axis's transformed coordinate), label (null: minor tick). */
    record Tick(double at, String label) {
    }

    /** Draws the figure into a WIDTH × HEIGHT area of g. */
    static void draw(Graphics2D g, Figure f) {
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        List<Line> lines = new ArrayList<>();
        for (Line l : f.lines()) {
            Line kept = keep(l, f.x().scale(), f.y().scale());
            if (kept.x().length > 0) {
                lines.add(kept);
            }
        }
        double[] xr = range(lines, true, f.x().scale());
        double[] yr = range(lines, false, f.y().scale());

        FontMetrics tickFm = g.getFontMetrics(TICK);
        FontMetrics legendFm = g.getFontMetrics(SUBTITLE);
        List<String> subtitle = wrap(f.subtitle(), g.getFontMetrics(SUBTITLE), WIDTH - 40);
        double top = 14 + g.getFontMetrics(TITLE).getHeight() + subtitle.size() * g.getFontMetrics(SUBTITLE).getHeight() + 12;
        double legendWidth = 0;
        for (Line l : lines) {
            legendWidth = Math.max(legendWidth, legendFm.stringWidth(l.name()));
        }
        boolean anyCensored = lines.stream().anyMatch(l -> l.censored() != null
                && java.util.stream.IntStream.range(0, l.censored().length).anyMatch(k -> l.censored()[k]));
        if (anyCensored) {
            legendWidth = Math.max(legendWidth, legendFm.stringWidth(CENSORED_LEGEND));
        }
        legendWidth = lines.isEmpty() ? 0 : legendWidth + 58;
        double bottom = HEIGHT - (tickFm.getHeight() + g.getFontMetrics(LABEL).getHeight() + 20);
        double right = WIDTH - 20 - legendWidth;

        List<Tick> yTicks = ticks(yr, f.y().scale(), bottom - top, false, tickFm);
        double yLabelWidth = 0;
        for (Tick t : yTicks) {
            if (t.label() != null) {
                yLabelWidth = Math.max(yLabelWidth, labelWidth(g, t.label()));
            }
        }
        double left = 16 + g.getFontMetrics(LABEL).getHeight() + yLabelWidth + 10;
        List<Tick> xTicks = ticks(xr, f.x().scale(), right - left, true, tickFm);
        Rectangle2D plot = new Rectangle2D.Double(left, top, right - left, bottom - top);
        Mapper map = new Mapper(plot, xr, yr, f.x().scale(), f.y().scale());

        // grid, frame, ticks
        g.setStroke(new BasicStroke(1f));
        for (Tick t : xTicks) {
            double px = map.px(t.at());
            g.setColor(t.label() != null ? GRID : MINOR_GRID);
            g.draw(new Line2D.Double(px, plot.getMinY(), px, plot.getMaxY()));
        }
        for (Tick t : yTicks) {
            double py = map.py(t.at());
            g.setColor(t.label() != null ? GRID : MINOR_GRID);
            g.draw(new Line2D.Double(plot.getMinX(), py, plot.getMaxX(), py));
        }
        g.setColor(TEXT);
        g.draw(plot);
        g.setFont(TICK);
        for (Tick t : xTicks) {
            double px = map.px(t.at());
            double len = t.label() != null ? 5 : 3;
            g.draw(new Line2D.Double(px, plot.getMaxY(), px, plot.getMaxY() + len));
            if (t.label() != null) {
                double w = labelWidth(g, t.label());
                drawLabel(g, t.label(), px - w / 2, plot.getMaxY() + 6 + tickFm.getAscent());
            }
        }
        for (Tick t : yTicks) {
            double py = map.py(t.at());
            double len = t.label() != null ? 5 : 3;
            g.draw(new Line2D.Double(plot.getMinX() - len, py, plot.getMinX(), py));
            if (t.label() != null) {
                double w = labelWidth(g, t.label());
                drawLabel(g, t.label(), plot.getMinX() - 8 - w, py + tickFm.getAscent() / 2.0 - 2);
            }
        }

        // axis titles, title, subtitle
        g.setFont(LABEL);
        FontMetrics lf = g.getFontMetrics();
        g.drawString(f.x().label(), (float) (plot.getCenterX() - lf.stringWidth(f.x().label()) / 2.0),
                (float) (plot.getMaxY() + 8 + tickFm.getHeight() + lf.getAscent()));
        java.awt.geom.AffineTransform saved = g.getTransform(); // not g.create(): the SVG encoder mishandles it
        g.translate(16 + lf.getAscent(), plot.getCenterY() + lf.stringWidth(f.y().label()) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(f.y().label(), 0f, 0f);
        g.setTransform(saved);
        g.setFont(TITLE);
        FontMetrics tf = g.getFontMetrics();
        double y = 12 + tf.getAscent();
        g.drawString(f.title(), (float) (WIDTH / 2.0 - tf.stringWidth(f.title()) / 2.0), (float) y);
        g.setFont(SUBTITLE);
        g.setColor(SUBTEXT);
        FontMetrics sf = g.getFontMetrics();
        y += tf.getDescent() + 2;
        for (String s : subtitle) {
            y += sf.getAscent();
            g.drawString(s, (float) (WIDTH / 2.0 - sf.stringWidth(s) / 2.0), (float) y);
            y += sf.getDescent();
        }

        // series
        if (lines.isEmpty()) {
            g.setColor(SUBTEXT);
            g.setFont(LABEL);
            g.drawString("(no data)", (float) (plot.getCenterX() - lf.stringWidth("(no data)") / 2.0),
                    (float) plot.getCenterY());
            return;
        }
        int[] style = styles(lines);
        Shape clip = g.getClip();
        g.clip(new Rectangle2D.Double(plot.getX() - 6, plot.getY() - 6, plot.getWidth() + 12, plot.getHeight() + 12));
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            Color c = COLORS[style[i] % COLORS.length];
            if (l.referenceOf() != null) {
                g.setColor(c);
                g.setStroke(REFERENCE_STROKE);
                g.draw(polyline(l, map));
                continue;
            }
            if (l.lower() != null && l.x().length > 40) { // a dense series: its spread as a translucent band
                Path2D band = new Path2D.Double();
                int n = l.x().length;
                for (int k = 0; k < 2 * n; k++) {
                    int q = k < n ? k : 2 * n - 1 - k;
                    double v = k < n ? l.upper()[q] : l.lower()[q];
                    double py = map.py(map.ys.forward(Double.isNaN(v) ? l.y()[q] : v));
                    double px = map.px(map.xs.forward(l.x()[q]));
                    if (k == 0) {
                        band.moveTo(px, py);
                    } else {
                        band.lineTo(px, py);
                    }
                }
                band.closePath();
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
                g.fill(band);
            } else if (l.lower() != null) {
                g.setColor(c);
                g.setStroke(new BasicStroke(1.3f));
                for (int k = 0; k < l.x().length; k++) {
                    if (Double.isNaN(l.lower()[k]) || l.censoredAt(k)) {
                        continue;
                    }
                    double px = map.px(map.xs.forward(l.x()[k]));
                    double lo = map.py(map.ys.forward(l.lower()[k]));
                    double hi = map.py(map.ys.forward(l.upper()[k]));
                    g.draw(new Line2D.Double(px, lo, px, hi));
                    g.draw(new Line2D.Double(px - 4, lo, px + 4, lo));
                    g.draw(new Line2D.Double(px - 4, hi, px + 4, hi));
                }
            }
            g.setColor(c);
            g.setStroke(stroke(style[i]));
            g.draw(polyline(l, map));
            if (f.markers()) {
                int n = l.x().length;
                int every = n > 40 ? (int) Math.ceil(n / 12.0) : 1;
                int offset = every > 1 ? (i * every / Math.max(1, lines.size())) % every : 0;
                for (int k = offset; k < n; k += every) {
                    if (!l.censoredAt(k)) {
                        marker(g, style[i], map.px(map.xs.forward(l.x()[k])), map.py(map.ys.forward(l.y()[k])));
                    }
                }
            }
            for (int k = 0; k < l.x().length; k++) {
                if (l.censoredAt(k)) {
                    censoredMarker(g, map.px(map.xs.forward(l.x()[k])), map.py(map.ys.forward(l.y()[k])));
                }
            }
        }
        g.setClip(clip);

        // legend, outside the plot on the right
        g.setFont(SUBTITLE);
        double lx = plot.getMaxX() + 16;
        double ly = plot.getMinY() + 4;
        double rowHeight = Math.max(18, legendFm.getHeight() + 4);
        g.setColor(Color.WHITE);
        int rowsShown = lines.size() + (anyCensored ? 1 : 0);
        Rectangle2D box = new Rectangle2D.Double(lx - 6, ly - 4, legendWidth - 4, rowHeight * rowsShown + 8);
        g.fill(box);
        g.setColor(GRID.darker());
        g.setStroke(new BasicStroke(1f));
        g.draw(box);
        for (int i = 0; i < lines.size(); i++) {
            double cy = ly + rowHeight * i + rowHeight / 2;
            boolean reference = lines.get(i).referenceOf() != null;
            g.setColor(COLORS[style[i] % COLORS.length]);
            g.setStroke(reference ? REFERENCE_STROKE : stroke(style[i]));
            g.draw(new Line2D.Double(lx, cy, lx + 36, cy));
            if (f.markers() && !reference) {
                marker(g, style[i], lx + 18, cy);
            }
            g.setColor(TEXT);
            g.drawString(lines.get(i).name(), (float) (lx + 44), (float) (cy + legendFm.getAscent() / 2.0 - 2));
        }
        if (anyCensored) {
            double cy = ly + rowHeight * lines.size() + rowHeight / 2;
            g.setColor(SUBTEXT);
            censoredMarker(g, lx + 18, cy + 5);
            g.setColor(TEXT);
            g.drawString(CENSORED_LEGEND, (float) (lx + 44), (float) (cy + legendFm.getAscent() / 2.0 - 2));
        }
    }

    /** The legend of censored points. */
    static final String CENSORED_LEGEND = "lower bound (at the rounding floor)";

    /** A theoretical reference: thin, long dashes. */
    private static final BasicStroke REFERENCE_STROKE = new BasicStroke(1.4f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_ROUND, 10f, new float[] {10f, 5f}, 0f);

    /**
     * @return each line's style index (colour, dash, marker): measured series count up in order; a reference takes
     *         the index of the measured series it names (or the next free one if there is none of that name)
     */
    static int[] styles(List<Line> lines) {
        int[] style = new int[lines.size()];
        java.util.Map<String, Integer> measured = new java.util.HashMap<>();
        int next = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).referenceOf() == null) {
                style[i] = next;
                measured.putIfAbsent(lines.get(i).name(), next++);
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            String of = lines.get(i).referenceOf();
            if (of != null) {
                Integer k = measured.get(of);
                style[i] = k != null ? k : next++;
            }
        }
        return style;
    }

    private static Path2D polyline(Line l, Mapper map) {
        Path2D path = new Path2D.Double();
        for (int k = 0; k < l.x().length; k++) {
            double px = map.px(map.xs.forward(l.x()[k]));
            double py = map.py(map.ys.forward(l.y()[k]));
            if (k == 0) {
                path.moveTo(px, py);
            } else {
                path.lineTo(px, py);
            }
        }
        return path;
    }

    /** A lower bound at (x, y): an open circle on a white fill, with an arrow pointing up (the value is at least y). */
    private static void censoredMarker(Graphics2D g, double x, double y) {
        double r = 4.6;
        Shape circle = new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
        java.awt.Color c = g.getColor();
        g.setColor(Color.WHITE);
        g.fill(circle);
        g.setColor(c);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(circle);
        g.draw(new Line2D.Double(x, y - r, x, y - r - 13));
        Path2D head = new Path2D.Double();
        head.moveTo(x - 4, y - r - 8);
        head.lineTo(x, y - r - 14);
        head.lineTo(x + 4, y - r - 8);
        g.draw(head);
    }

    private static BasicStroke stroke(int series) {
        float[] dash = DASHES[series % DASHES.length];
        return dash == null ? new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND)
                : new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }

    /** Draws series i's marker at (x, y) in the current colour: circle, square, triangle, diamond, inverted triangle, …; odd series hollow. */
    private static void marker(Graphics2D g, int series, double x, double y) {
        double r = 4.2;
        Shape s = switch (series % 7) {
            case 0 -> new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
            case 1 -> new Rectangle2D.Double(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
            case 2 -> polygon(x, y, r * 1.2, new double[] {-90, 30, 150});
            case 3 -> polygon(x, y, r * 1.2, new double[] {-90, 0, 90, 180});
            case 4 -> polygon(x, y, r * 1.2, new double[] {90, 210, 330});
            case 5 -> polygon(x, y, r * 1.15, new double[] {-90, -18, 54, 126, 198});
            default -> polygon(x, y, r * 1.1, new double[] {-90, -30, 30, 90, 150, 210});
        };
        g.setStroke(new BasicStroke(1.5f));
        if (series % 2 == 0) {
            g.fill(s);
        }
        g.draw(s); // odd series hollow and unfilled: a marker underneath stays visible
    }

    private static Shape polygon(double x, double y, double r, double[] degrees) {
        Path2D p = new Path2D.Double();
        for (int i = 0; i < degrees.length; i++) {
            double a = Math.toRadians(degrees[i]);
            if (i == 0) {
                p.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
            } else {
                p.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
            }
        }
        p.closePath();
        return p;
    }

    /** Maps transformed coordinates to the plot rectangle. */
    private static final class Mapper {
        final Rectangle2D plot;
        final double[] xr;
        final double[] yr;
        final Scale xs;
        final Scale ys;

        Mapper(Rectangle2D plot, double[] xr, double[] yr, Scale xs, Scale ys) {
            this.plot = plot;
            this.xr = xr;
            this.yr = yr;
            this.xs = xs;
            this.ys = ys;
        }

        double px(double t) {
            return plot.getMinX() + (t - xr[0]) / (xr[1] - xr[0]) * plot.getWidth();
        }

        double py(double t) {
            return plot.getMaxY() - (t - yr[0]) / (yr[1] - yr[0]) * plot.getHeight();
        }
    }

    /** Keeps the points an axis can show (and spreads only where both ends can be shown). */
    static Line keep(Line l, Scale xs, Scale ys) {
        int n = 0;
        for (int k = 0; k < l.x().length; k++) {
            if (xs.shows(l.x()[k]) && ys.shows(l.y()[k])) {
                n++;
            }
        }
        double[] x = new double[n];
        double[] y = new double[n];
        double[] lo = l.lower() != null ? new double[n] : null;
        double[] hi = l.upper() != null ? new double[n] : null;
        boolean[] cens = l.censored() != null ? new boolean[n] : null;
        int j = 0;
        for (int k = 0; k < l.x().length; k++) {
            if (xs.shows(l.x()[k]) && ys.shows(l.y()[k])) {
                x[j] = l.x()[k];
                y[j] = l.y()[k];
                if (lo != null && hi != null) {
                    boolean ok = ys.shows(l.lower()[k]) && ys.shows(l.upper()[k]);
                    lo[j] = ok ? l.lower()[k] : Double.NaN;
                    hi[j] = ok ? l.upper()[k] : Double.NaN;
                }
                if (cens != null) {
                    cens[j] = l.censored()[k];
                }
                j++;
            }
        }
        return new Line(l.name(), x, y, lo, hi, cens, l.referenceOf());
    }

    /**
     * @return the axis range in transformed coordinates: padded by 4 % of the span (a single value gets ±½ unit); on a
     *         log axis spanning 1.5 units or more, widened to whole decades (powers of two) and padded by 2 %
     */
    static double[] range(List<Line> lines, boolean x, Scale scale) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            double[][] sets = x ? new double[][] {l.x()} : new double[][] {l.y(), l.lower(), l.upper()};
            for (double[] s : sets) {
                if (s == null) {
                    continue;
                }
                for (double v : s) {
                    if (scale.shows(v)) {
                        double t = scale.forward(v);
                        lo = Math.min(lo, t);
                        hi = Math.max(hi, t);
                    }
                }
            }
        }
        if (lo > hi) {
            return scale.log() ? new double[] {0, 1} : new double[] {0, 1};
        }
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            double half = scale.log() ? 0.5 : Math.max(0.5, Math.abs(hi) * 0.1);
            return new double[] {lo - half, hi + half};
        }
        if (scale.log() && hi - lo >= 1.5) { // whole decades (powers of two): a labelled tick below and above the data
            lo = Math.floor(lo + 1e-9);
            hi = Math.ceil(hi - 1e-9);
            double pad = 0.02 * (hi - lo);
            return new double[] {lo - pad, hi + pad};
        }
        double pad = 0.04 * (hi - lo);
        return new double[] {lo - pad, hi + pad};
    }

    /**
     * The ticks of an axis over the transformed range r.
     *
     * @param length     the axis length in points
     * @param horizontal labels side by side (their widths must fit) or stacked (their heights)
     */
    static List<Tick> ticks(double[] r, Scale scale, double length, boolean horizontal, FontMetrics fm) {
        return switch (scale) {
            case LINEAR -> linearTicks(r, length, horizontal, fm);
            case LOG10 -> log10Ticks(r, length, horizontal, fm);
            case LOG2 -> log2Ticks(r, length, horizontal, fm);
        };
    }

    /** @return whether the labels do not overlap and are at least minGap points apart (centre to centre). */
    private static boolean fits(List<Tick> ticks, double[] r, double length, boolean horizontal, FontMetrics fm,
                                double minGap) {
        double prev = Double.NEGATIVE_INFINITY;
        double prevHalf = 0;
        for (Tick t : ticks) {
            if (t.label() == null) {
                continue;
            }
            double pos = (t.at() - r[0]) / (r[1] - r[0]) * length;
            double half = Math.max(minGap / 2, horizontal ? (fm.stringWidth(t.label().replace("^", "")) + 14) / 2.0
                    : fm.getHeight() / 2.0 + 3);
            if (pos - half < prev + prevHalf) {
                return false;
            }
            prev = pos;
            prevHalf = half;
        }
        return true;
    }

    static List<Tick> linearTicks(double[] r, double length, boolean horizontal, FontMetrics fm) {
        double span = r[1] - r[0];
        double step = Math.pow(10, Math.floor(Math.log10(span / 12)));
        double[] mult = {1, 2, 2.5, 5};
        for (int attempt = 0; attempt < 40; attempt++) {
            double s = step * mult[attempt % 4] * Math.pow(10, attempt / 4);
            List<Tick> ticks = new ArrayList<>();
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(s) + 1e-9) + (mult[attempt % 4] == 2.5 ? 1 : 0));
            for (double v = Math.ceil(r[0] / s - 1e-9) * s; v <= r[1] + 1e-9 * s; v += s) {
                double rounded = Math.abs(v) < s * 1e-6 ? 0 : v;
                ticks.add(new Tick(rounded, number(rounded, decimals)));
            }
            if (ticks.size() >= 2 && fits(ticks, r, length, horizontal, fm, horizontal ? 70 : 55)) {
                return ticks;
            }
        }
        return List.of(new Tick(r[0], number(r[0], 3)), new Tick(r[1], number(r[1], 3)));
    }

    private static String number(double v, int decimals) {
        double a = Math.abs(v);
        if (v != 0 && (a >= 1e6 || a < 1e-4)) {
            String s = String.format(Locale.ROOT, "%.2e", v).replaceAll("\\.?0+e", "e");
            return s.replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
        }
        String s = String.format(Locale.ROOT, "%." + Math.min(decimals, 10) + "f", v);
        return s.equals("-0") ? "0" : s;
    }

    static List<Tick> log10Ticks(double[] r, double length, boolean horizontal, FontMetrics fm) {
        int first = (int) Math.ceil(r[0] - 1e-9);
        int last = (int) Math.floor(r[1] + 1e-9);
        double perDecade = length / (r[1] - r[0]);
        List<Tick> ticks = new ArrayList<>();
        if (last - first >= 1) {
            boolean plain = first >= -3 && last <= 4;
            for (int every = 1; every <= 20; every++) {
                ticks.clear();
                for (int k = first; k <= last; k++) {
                    ticks.add(new Tick(k, Math.floorMod(k, every) == 0 ? decade(k, plain) : null));
                }
                if (fits(ticks, r, length, horizontal, fm, 0)) {
                    break;
                }
            }
            if (perDecade >= 28) { // minor ticks 2…9 × 10^k
                for (int k = first - 1; k <= last; k++) {
                    for (int m = 2; m <= 9; m++) {
                        double t = k + Math.log10(m);
                        if (t >= r[0] && t <= r[1]) {
                            ticks.add(new Tick(t, null));
                        }
                    }
                }
            }
            return ticks;
        }
        // within about one decade: label 1, 2, 5 × 10^k (or every mantissa 1…9 if that leaves fewer than two)
        for (double[] mantissas : new double[][] {{1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9}}) {
            ticks.clear();
            int labelled = 0;
            for (int k = (int) Math.floor(r[0]) - 1; k <= (int) Math.ceil(r[1]); k++) {
                for (double m : mantissas) {
                    double t = k + Math.log10(m);
                    if (t >= r[0] - 1e-12 && t <= r[1] + 1e-12) {
                        double v = m * Math.pow(10, k);
                        ticks.add(new Tick(t, number(v, Math.max(0, -k + (m % 1 != 0 ? 1 : 0)))));
                        labelled++;
                    }
                }
            }
            if (labelled >= 2 && fits(ticks, r, length, horizontal, fm, 0)) {
                for (int k = (int) Math.floor(r[0]) - 1; k <= (int) Math.ceil(r[1]); k++) { // minor: the other m × 10^k
                    for (int m = 1; m <= 9; m++) {
                        double t = k + Math.log10(m);
                        boolean labelledHere = false;
                        for (double lm : mantissas) {
                            labelledHere |= lm == m;
                        }
                        if (!labelledHere && t >= r[0] && t <= r[1]) {
                            ticks.add(new Tick(t, null));
                        }
                    }
                }
                return ticks;
            }
        }
        return linearLabelsOnLog(r);
    }

    /** Two labelled ticks at the ends of a very narrow log range. */
    private static List<Tick> linearLabelsOnLog(double[] r) {
        return List.of(new Tick(r[0], String.format(Locale.ROOT, "%.4g", Math.pow(10, r[0]))),
                new Tick(r[1], String.format(Locale.ROOT, "%.4g", Math.pow(10, r[1]))));
    }

    /** @return the label of 10^k: plain (0.01, 1, 1000) or with an exponent ("10^-5"). */
    static String decade(int k, boolean plain) {
        if (!plain) {
            return "10^" + k;
        }
        return k >= 0 ? "1" + "0".repeat(k) : "0." + "0".repeat(-k - 1) + "1";
    }

    static List<Tick> log2Ticks(double[] r, double length, boolean horizontal, FontMetrics fm) {
        int first = (int) Math.ceil(r[0] - 1e-9);
        int last = (int) Math.floor(r[1] + 1e-9);
        if (last - first < 1) {
            double[] r10 = {r[0] * Math.log10(2), r[1] * Math.log10(2)};
            List<Tick> t10 = log10Ticks(r10, length, horizontal, fm);
            List<Tick> out = new ArrayList<>();
            for (Tick t : t10) {
                out.add(new Tick(t.at() / Math.log10(2), t.label()));
            }
            return out;
        }
        List<Tick> ticks = new ArrayList<>();
        for (int every = 1; every <= 20; every++) {
            ticks.clear();
            for (int k = first; k <= last; k++) {
                String label = k >= 0 ? Long.toString(1L << Math.min(k, 62)) : number(Math.pow(2, k), -k);
                ticks.add(new Tick(k, Math.floorMod(k, every) == 0 ? label : null));
            }
            if (fits(ticks, r, length, horizontal, fm, 0)) {
                break;
            }
        }
        return ticks;
    }

    /** @return the width of a tick label, an exponent ("10^-5") drawn smaller and raised. */
    private static double labelWidth(Graphics2D g, String label) {
        int caret = label.indexOf('^');
        if (caret < 0) {
            return g.getFontMetrics(TICK).stringWidth(label);
        }
        return g.getFontMetrics(TICK).stringWidth(label.substring(0, caret))
                + g.getFontMetrics(EXPONENT).stringWidth(label.substring(caret + 1)) + 1;
    }

    private static void drawLabel(Graphics2D g, String label, double x, double baseline) {
        int caret = label.indexOf('^');
        g.setFont(TICK);
        if (caret < 0) {
            g.drawString(label, (float) x, (float) baseline);
            return;
        }
        String base = label.substring(0, caret);
        g.drawString(base, (float) x, (float) baseline);
        double w = g.getFontMetrics(TICK).stringWidth(base) + 1;
        g.setFont(EXPONENT);
        g.drawString(label.substring(caret + 1).replace('-', '−'), (float) (x + w), (float) (baseline - 6));
        g.setFont(TICK);
    }

    /** Splits text at " · " separators into lines no wider than width. */
    private static List<String> wrap(String text, FontMetrics fm, double width) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        StringBuilder line = new StringBuilder();
        for (String part : text.split(" · ")) {
            String candidate = line.length() == 0 ? part : line + " · " + part;
            if (fm.stringWidth(candidate) > width && line.length() > 0) {
                out.add(line.toString());
                line = new StringBuilder(part);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        out.add(line.toString());
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Captions

    /**
     * The subtitle of a sweep's figure: the data (source, m, d), N and the seeds, read from the rows and the
     * data's provenance (the manifest's {@code data}), then any notes.
     *
     * @param data  the data's provenance (source, samples, dim), or null
     * @param rows  the rows plotted (columns depth and seed, or parameters)
     * @param notes further parts, e.g. what the spread is
     */
    public static String caption(com.fasterxml.jackson.databind.JsonNode data, List<java.util.Map<String, String>> rows,
                                 String... notes) {
        List<String> parts = new ArrayList<>();
        int d = 0;
        if (data != null && data.has("source")) {
            String source = data.get("source").asText();
            String name = switch (source) {
                case "mnist-10k" -> "MNIST (built-in 10 000 digits), PCA-whitened, one-hot";
                case "synthetic" -> "synthetic whitened data, one-hot";
                default -> Path.of(source).getFileName() + " (IDX), PCA-whitened, one-hot";
            };
            d = data.path("dim").asInt(0);
            parts.add(name + ", m = " + data.path("samples").asText("?") + (d > 0 ? ", d = " + d : ""));
        }
        double nMin = Double.POSITIVE_INFINITY;
        double nMax = 0;
        java.util.Set<String> seeds = new java.util.TreeSet<>();
        for (java.util.Map<String, String> r : rows) {
            double n = RowStats.num(r, "parameters");
            if (!Double.isFinite(n) && d > 0) {
                n = RowStats.num(r, "depth") * d * d;
            }
            if (Double.isFinite(n)) {
                nMin = Math.min(nMin, n);
                nMax = Math.max(nMax, n);
            }
            if (r.get("seed") != null) {
                seeds.add(r.get("seed"));
            }
        }
        if (nMax > 0) {
            parts.add(nMin == nMax ? String.format(Locale.ROOT, "N = %.0f", nMax)
                    : String.format(Locale.ROOT, "N = %.0f … %.0f", nMin, nMax));
        }
        if (!seeds.isEmpty()) {
            parts.add(seeds.size() == 1 ? "seed " + seeds.iterator().next() : seeds.size() + " seeds");
        }
        parts.addAll(List.of(notes));
        return String.join(" · ", parts);
    }
}
