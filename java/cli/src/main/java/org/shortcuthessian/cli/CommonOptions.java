package org.shortcuthessian.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import picocli.CommandLine.Option;

/** Options every command takes: backend, threads, verbosity. */
public final class CommonOptions {
    @Option(names = "--backend", paramLabel = "auto|native|java", defaultValue = "auto",
            description = "Linear-algebra backend (default: ${DEFAULT-VALUE}: native OpenBLAS if it loads, else pure Java).",
            converter = BackendKindConverter.class)
    BackendKind backend;

    /** The most --threads accepted for any backend (OpenBLAS's builds allow fewer: 64 for the bundled one). */
    static final int MAX_THREADS = 1024;

    @Option(names = "--threads", paramLabel = "N", description = "OpenBLAS threads (default: OpenBLAS's own choice).")
    Integer threads;

    @Option(names = {"-v", "--verbose"}, description = "Log progress and backend choice to stderr.")
    boolean verbose;

    /**
     * Configures logging, chooses the backend (passed explicitly from here on: nothing process-wide) and
     * sets OpenBLAS's threads, which are process-wide and belong to this application; returns the backend.
     */
    Backend apply() {
        configureLogging(verbose);
        Backend b = backend == BackendKind.AUTO ? Backends.get() : Backends.of(backend);
        if (threads != null) {
            if (threads < 1 || threads > MAX_THREADS) {
                throw new org.shortcuthessian.InvalidInputException("--threads: " + threads + " (must be 1…"
                        + MAX_THREADS + ")");
            }
            int before = b.threads();
            b.setThreads(threads);
            int capped = b.threads();
            if (capped != threads) { // OpenBLAS caps at the MAX_THREADS it was built with, silently
                b.setThreads(before);
                throw new org.shortcuthessian.InvalidInputException("--threads: " + threads + " exceeds the "
                        + capped + " threads this backend can use (its build's maximum)");
            }
        }
        return b;
    }

    /** This application's control of OpenBLAS's process-wide thread count, for sweeps. */
    static org.shortcuthessian.experiments.BlasThreads blasThreads(Backend backend) {
        return new org.shortcuthessian.experiments.BlasThreads() {
            @Override
            public int current() {
                return Math.max(1, backend.threads());
            }

            @Override
            public boolean set(int threads) {
                backend.setThreads(threads);
                return true;
            }
        };
    }

    /** The project's loggers (the libraries log through SLF4J, bound to java.util.logging by the CLI). */
    private static final Logger PROJECT = Logger.getLogger("org.shortcuthessian");

    /**
     * Formats every log record as one line on stderr, {@code shortcut-hessian: warning: …} (levels error,
     * warning, info, debug, trace); shows warnings of every library, and with -v the project's debug messages
     * (the backend chosen, the sweep's plan).
     */
    static void configureLogging(boolean verbose) {
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                return "shortcut-hessian: " + levelName(r.getLevel()) + ": " + formatMessage(r) + System.lineSeparator();
            }
        });
        handler.setLevel(Level.ALL);
        root.setLevel(Level.WARNING);
        root.addHandler(handler);
        PROJECT.setLevel(verbose ? Level.FINE : Level.WARNING);
    }

    /** @return the word for a java.util.logging level, as SLF4J names it: error, warning, info, debug, trace. */
    static String levelName(Level level) {
        int v = level.intValue();
        return v >= Level.SEVERE.intValue() ? "error" : v >= Level.WARNING.intValue() ? "warning"
                : v >= Level.INFO.intValue() ? "info" : v >= Level.FINE.intValue() ? "debug" : "trace";
    }

    /** Converts --backend values with a clear message. */
    public static final class BackendKindConverter implements picocli.CommandLine.ITypeConverter<BackendKind> {
        @Override
        public BackendKind convert(String value) {
            return BackendKind.parse(value);
        }
    }
}
