package org.shortcuthessian.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.shortcuthessian.experiments.Sweep;

/**
 * A progress bar on stderr for sweeps: cells done / total, percentage of the estimated cost, elapsed
 * time and ETA. Silent for the first {@link #DELAY_NANOS} (short runs print nothing). On a terminal it
 * redraws one line; otherwise (a log file, CI) it prints a line at every further tenth of the work.
 */
final class ProgressBar implements Sweep.Listener {
    static final long DELAY_NANOS = 2_000_000_000L;
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String task;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int lastTenth = -1;
    private boolean drawn;

    ProgressBar(PrintWriter err, String task, boolean terminal) {
        this.err = err;
        this.task = task;
        this.terminal = terminal;
    }

    @Override
    public synchronized void started(int total, int skipped) {
        if (skipped > 0) {
            err.printf(Locale.ROOT, "%s: resuming, %d of %d cells already done%n", task, skipped, total);
        }
    }

    @Override
    public synchronized void cellFinished(int done, int total, double costDone, double costTotal) {
        long now = System.nanoTime();
        double elapsed = (now - start) * 1e-9;
        double fraction = costTotal > 0 ? Math.min(1, costDone / costTotal) : 1;
        if (now - start < DELAY_NANOS && done < total) {
            return;
        }
        int tenth = (int) Math.floor(fraction * 10);
        if (!terminal && tenth == lastTenth && done < total) {
            return;
        }
        lastTenth = tenth;
        String line = render(done, total, fraction, elapsed);
        if (terminal) {
            err.print("\r" + line);
            if (done == total) {
                err.println();
            }
        } else {
            err.println(line);
        }
        err.flush();
        drawn = true;
    }

    /** @return e.g. {@code fig4 [#########.....] 12/50 cells 31% 0:12 elapsed, ETA 0:27}. */
    String render(int done, int total, double fraction, double elapsed) {
        int filled = (int) Math.round(fraction * WIDTH);
        String eta = fraction > 0 && done < total ? time(elapsed * (1 - fraction) / fraction) : "-";
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d cells %3.0f%% %s elapsed, ETA %s", task,
                "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, 100 * fraction, time(elapsed), eta);
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
