package org.shortcuthessian.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The axes a reader needs: labelled decades, powers of two for depths, linear labels that never overlap. */
class PlotsTest {
    static final FontMetrics FM = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
            .getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

    static List<String> labels(List<Plots.Tick> ticks) {
        return ticks.stream().filter(t -> t.label() != null).map(Plots.Tick::label).toList();
    }

    static Plots.Line line(double[] x, double[] y) {
        return new Plots.Line("s", x, y);
    }

    @Test
    void depthAxisLabelsEveryPowerOfTwo() {
        double[] r = Plots.range(List.of(line(new double[] {2, 4, 8, 16, 32, 64}, new double[] {1, 1, 1, 1, 1, 1})),
                true, Plots.Scale.LOG2);
        assertTrue(r[0] < 1 && r[0] > 0.8 && r[1] > 6 && r[1] < 6.2, "whole powers of two, padded");
        assertEquals(List.of("2", "4", "8", "16", "32", "64"), labels(Plots.ticks(r, Plots.Scale.LOG2, 700, true, FM)));
    }

    @Test
    void wideLogAxesLabelDecadesAndBracketTheData() {
        double[] r = Plots.range(List.of(line(new double[] {1, 2}, new double[] {1.48, 2.0e18})), false, Plots.Scale.LOG10);
        List<String> l = labels(Plots.ticks(r, Plots.Scale.LOG10, 560, false, FM));
        assertTrue(l.size() >= 7, l.toString());
        for (String s : l) {
            assertTrue(s.matches("10\\^-?\\d+"), s);
        }
        assertTrue(Integer.parseInt(l.get(0).substring(3)) <= 0, "a labelled decade at or below 1.48: " + l);
        assertTrue(Integer.parseInt(l.get(l.size() - 1).substring(3)) >= 18, "and one above 2e18: " + l);
        // a few decades in the usual range are written plainly, with minor ticks between them
        double[] small = Plots.range(List.of(line(new double[] {1, 2}, new double[] {0.002, 30})), false, Plots.Scale.LOG10);
        List<Plots.Tick> ticks = Plots.ticks(small, Plots.Scale.LOG10, 560, false, FM);
        assertEquals(List.of("0.001", "0.01", "0.1", "1", "10", "100"), labels(ticks));
        assertTrue(ticks.size() > 30, "minor ticks 2…9 × 10^k");
    }

    @Test
    void aNarrowLogAxisLabels125() {
        double[] r = Plots.range(List.of(line(new double[] {0.33, 5.4}, new double[] {1, 2})), true, Plots.Scale.LOG10);
        assertEquals(List.of("0.5", "1", "2", "5"), labels(Plots.ticks(r, Plots.Scale.LOG10, 700, true, FM)));
    }

    @Test
    void epochLabelsNeverOverlap() {
        for (double length : new double[] {300, 500, 700, 1000}) {
            List<Plots.Tick> ticks = Plots.ticks(new double[] {-40, 1040}, Plots.Scale.LINEAR, length, true, FM);
            List<String> l = labels(ticks);
            assertTrue(l.size() >= 3, l.toString());
            double gap = (ticks.get(1).at() - ticks.get(0).at()) / 1080 * length;
            assertTrue(gap >= FM.stringWidth("1000") + 10, length + ": " + l);
            for (String s : l) {
                assertTrue(s.matches("-?\\d+"), "whole epochs: " + s);
            }
        }
        assertEquals(List.of("0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0"),
                labels(Plots.ticks(new double[] {-0.1, 3.2}, Plots.Scale.LINEAR, 560, false, FM)));
    }

    @Test
    void writesPngSvgAndPdf() throws IOException {
        Plots.Figure f = new Plots.Figure("t", "data · N = 10", new Plots.Axis("depth", Plots.Scale.LOG2),
                new Plots.Axis("cond_p10 λ", Plots.Scale.LOG10), true, List.of(
                new Plots.Line("a", new double[] {2, 4, 8}, new double[] {1, 10, 100}, new double[] {0.5, 5, 50},
                        new double[] {2, 20, 200}),
                new Plots.Line("b", new double[] {2, 4, 8}, new double[] {3, 3, 3})));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        Plots.png(f, png);
        assertEquals("PNG", new String(png.toByteArray(), 1, 3, StandardCharsets.US_ASCII));
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        Plots.svg(f, svg);
        String text = svg.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("<svg") && text.contains("cond_p10 λ"), "SVG keeps its text");
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        Plots.pdf(f, pdf);
        assertEquals("%PDF", new String(pdf.toByteArray(), 0, 4, StandardCharsets.US_ASCII));
        // the same figure, drawn later, is the same file: no time in it (PDFBox would derive /ID from the clock)
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        Plots.pdf(f, again);
        org.junit.jupiter.api.Assertions.assertArrayEquals(pdf.toByteArray(), again.toByteArray());
        ByteArrayOutputStream png2 = new ByteArrayOutputStream();
        Plots.png(f, png2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(png.toByteArray(), png2.toByteArray());
    }

    @Test
    void geometricSpreadIsSymmetricInLogSpace() {
        List<java.util.Map<String, String>> rows = List.of(java.util.Map.of("depth", "2", "c", "10"),
                java.util.Map.of("depth", "2", "c", "1000"));
        double[][] g = RowStats.geometricMeanSpread(rows, "depth", "c");
        assertEquals(100, g[1][0], 1e-9);
        assertEquals(g[1][0] / g[2][0], g[3][0] / g[1][0], 1e-9);
        assertTrue(g[2][0] > 0, "the lower end stays positive");
    }

    /**
     * Censored points: never averaged (the point at a depth where a seed is censored is the least lower bound, without
     * spread), carried through {@link Plots#keep}, drawn as open markers with an arrow; a reference line takes the
     * colour of the measured series it names.
     */
    @Test
    void censoredPointsAreLowerBoundsAndReferencesShareTheirSeriesColour() throws IOException {
        java.util.function.Function<String[], java.util.Map<String, String>> row = v -> java.util.Map.of("depth", v[0],
                "cond", v[1], "min_censored", v[2], "lambda_max_abs", "2.0", "parameters", "400");
        List<java.util.Map<String, String>> rows = List.of(row.apply(new String[] {"2", "10", "false"}),
                row.apply(new String[] {"2", "1000", "false"}), row.apply(new String[] {"4", "1e17", "true"}),
                row.apply(new String[] {"4", "50", "false"}), row.apply(new String[] {"8", "1e18", "true"}));
        RowStats.Censored c = RowStats.censoredGeometricMeanSpread(rows, "depth", "cond", "min_censored", "parameters");
        assertEquals(List.of(2.0, 4.0, 8.0), java.util.Arrays.stream(c.x()).boxed().toList());
        assertEquals(100.0, c.y()[0], 1e-9, "geometric mean of 10 and 1000");
        assertEquals(50.0, c.y()[1], 0.0, "the least lower bound: the uncensored 50 is below the censored seed's bound");
        double bound = org.shortcuthessian.curvature.SpectrumStatistics.conditionLowerBound(2.0, 400);
        assertEquals(bound, c.y()[2], 0.0, "a censored value is replaced by its bound, never averaged");
        assertTrue(bound > 1e13 && bound < 1e18, "bound " + bound);
        assertEquals(List.of(false, true, true), List.of(c.censored()[0], c.censored()[1], c.censored()[2]));
        assertTrue(Double.isNaN(c.lower()[1]) && Double.isNaN(c.upper()[2]), "no spread at a lower bound");
        Plots.Line measured = c.line("small 2-shortcut");
        Plots.Line kept = Plots.keep(measured, Plots.Scale.LOG2, Plots.Scale.LOG10);
        assertTrue(kept.censored()[2] && !kept.censored()[0]);
        Plots.Line other = new Plots.Line("xavier plain", new double[] {2, 4}, new double[] {3, 4});
        Plots.Line ref = Plots.Line.reference("Theorem 2", new double[] {2, 8}, new double[] {5, 5}, "small 2-shortcut");
        assertEquals(List.of(0, 1, 0), java.util.Arrays.stream(Plots.styles(List.of(measured, other, ref))).boxed().toList());
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        Plots.png(new Plots.Figure("t", "s", new Plots.Axis("depth", Plots.Scale.LOG2),
                new Plots.Axis("cond", Plots.Scale.LOG10), true, List.of(measured, other, ref)), png);
        assertTrue(png.size() > 1000);
    }
}
