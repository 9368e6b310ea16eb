package org.shortcuthessian.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.shortcuthessian.experiments.Sweep;

/**
 * A progress bar on stderr for sweeps (cells) and training runs (epochs): units done / total, percentage of
 * the estimated cost, elapsed time and ETA. Silent for the first {@link #DELAY_NANOS} (short runs print nothing). On a terminal it
 * redraws one line; otherwise (a log file, CI) it prints a line at every further tenth of the work.
 */
final class ProgressBar implements Sweep.Listener {
    static final long DELAY_NANOS = 2_000_000_000L;
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String task;
    private final boolean terminal;
    private final String unit;
    private final long start = System.nanoTime();
    private int lastTenth = -1;
    private boolean drawn;
    private boolean lineOpen; // on a terminal: a bar drawn without its final newline
    private int lastLength;

    /** A bar counting cells of a sweep. */
    ProgressBar(PrintWriter err, String task, boolean terminal) {
        this(err, task, terminal, "cells");
    }

    /** @param unit what is counted, e.g. {@code epochs} */
    ProgressBar(PrintWriter err, String task, boolean terminal, String unit) {
        this.err = err;
        this.task = task;
        this.terminal = terminal;
        this.unit = unit;
    }

    @Override
    public synchronized void started(int total, int skipped) {
        if (skipped > 0) {
            err.printf(Locale.ROOT, "%s: resuming, %d of %d cells already done%n", task, skipped, total);
        }
    }

    @Override
    public synchronized void cellFinished(int done, int total, double costDone, double costTotal) {
        progress(done, total, costTotal > 0 ? Math.min(1, costDone / costTotal) : 1, "");
    }

    /**
     * Draws the bar if due (past the delay; on a terminal at every call, else at each further tenth).
     *
     * @param fraction the estimated fraction of the work done, in [0, 1]
     * @param detail   text after the bar (e.g. {@code , loss 0.25}), or empty
     */
    synchronized void progress(int done, int total, double fraction, String detail) {
        long now = System.nanoTime();
        double elapsed = (now - start) * 1e-9;
        if (now - start < DELAY_NANOS && !drawn) {
            return; // a short run prints nothing, not even its end
        }
        int tenth = (int) Math.floor(fraction * 10);
        if (!terminal && tenth == lastTenth && done < total) {
            return;
        }
        lastTenth = tenth;
        String line = render(done, total, fraction, elapsed) + detail;
        if (terminal) {
            err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
            lineOpen = done < total;
            if (!lineOpen) {
                err.println();
            }
        } else {
            err.println(line);
        }
        err.flush();
        drawn = true;
    }

    /** @return e.g. {@code fig4 [#########.....] 12/50 cells 31% 0:12 elapsed, ETA 0:27} (the unit may differ). */
    String render(int done, int total, double fraction, double elapsed) {
        int filled = (int) Math.round(fraction * WIDTH);
        String eta = fraction > 0 && done < total ? time(elapsed * (1 - fraction) / fraction) : "-";
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %s %3.0f%% %s elapsed, ETA %s", task,
                "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, unit, 100 * fraction, time(elapsed), eta);
    }

    /** Ends a bar left open on a terminal (a run that stopped early), so that what follows starts a line. */
    synchronized void end() {
        if (lineOpen) {
            err.println();
            err.flush();
            lineOpen = false;
        }
    }

    /** @return whether anything was printed. */
    boolean drawn() {
        return drawn;
    }

    static String time(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
