package org.shortcuthessian.experiments;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.shortcuthessian.io.OutputDirectory;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line plots (XChart, off screen: nothing is shown, no display is needed). */
public final class Plots {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Plots() {
    }

    /**
     * One line of a plot.
     *
     * @param name  legend
     * @param x     abscissae
     * @param y     ordinates
     * @param error ± error bars (null: none)
     */
    public record Line(String name, double[] x, double[] y, double[] error) {
        public Line(String name, double[] x, double[] y) {
            this(name, x, y, null);
        }
    }

    /**
     * Draws lines into a PNG, staged in out under name.
     *
     * @param logX  logarithmic abscissa (non-positive points are dropped)
     * @param logY  logarithmic ordinate (non-positive points are dropped; error bars are clipped to stay positive)
     * @param lines drawn in order; empty lines are skipped
     * @return name
     */
    public static String save(OutputDirectory out, String name, String title, String xLabel, String yLabel, boolean logX, boolean logY,
                            boolean markers, List<Line> lines) {
        XYChart chart = new XYChartBuilder().width(960).height(560).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        Styler.LegendPosition legend = Styler.LegendPosition.OutsideE;
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        chart.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 220));
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setAntiAlias(true);
        int i = 0;
        boolean any = false;
        for (Line l : lines) {
            Line kept = keep(l, logX, logY);
            if (kept.x().length == 0) {
                continue;
            }
            XYSeries s = kept.error() != null ? chart.addSeries(l.name(), kept.x(), kept.y(), kept.error())
                    : chart.addSeries(l.name(), kept.x(), kept.y());
            Color c = COLORS[i++ % COLORS.length];
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setLineStyle(new BasicStroke(1.8f));
            s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            any = true;
        }
        if (!any) { // XChart needs a series: draw an empty placeholder
            chart.addSeries("(no data)", new double[] {1}, new double[] {1}).setMarker(SeriesMarkers.NONE);
        }
        Path file = out.stage(name);
        try {
            Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException(out.dir().resolve(name) + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** Drops points a log axis cannot show and clips error bars to keep the lower end positive. */
    private static Line keep(Line l, boolean logX, boolean logY) {
        int n = 0;
        for (int k = 0; k < l.x().length; k++) {
            if (ok(l.x()[k], logX) && ok(l.y()[k], logY)) {
                n++;
            }
        }
        double[] x = new double[n];
        double[] y = new double[n];
        double[] e = l.error() != null ? new double[n] : null;
        int j = 0;
        for (int k = 0; k < l.x().length; k++) {
            if (ok(l.x()[k], logX) && ok(l.y()[k], logY)) {
                x[j] = l.x()[k];
                y[j] = l.y()[k];
                if (e != null) {
                    double err = Double.isFinite(l.error()[k]) ? l.error()[k] : 0;
                    e[j] = logY ? Math.min(err, 0.99 * y[j]) : err;
                }
                j++;
            }
        }
        return new Line(l.name(), x, y, e);
    }

    private static boolean ok(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0);
    }
}
