package org.shortcuthessian.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * How a command ends when it does not end by itself, and what a failed command leaves behind.
 *
 * <p><b>Signals.</b> On SIGINT (Ctrl-C), SIGTERM and SIGHUP the process deletes its own staging files
 * ({@code .NAME.partial-PID} of {@link org.shortcuthessian.io.OutputDirectory}) in the output directory, removes
 * the output directory if this run created it and it is still empty, prints one line, and then dies of the
 * signal itself: the handler restores the signal's default action and sends the signal to its own process again
 * ({@code /bin/sh -c "kill -s INT PID"}). The shell reports 128 + the signal's number (130 for SIGINT, 143 for
 * SIGTERM, 129 for SIGHUP), and so does {@link Process#exitValue()}; a script running the command stops as it does
 * for any program killed by Ctrl-C.
 *
 * <p>Why not {@code System.exit}: every exit of the JVM, {@link Runtime#halt} included, ends in the C library's
 * {@code exit}, which runs the shared libraries' destructors; OpenBLAS's ({@code gotoblas_quit}) joins the BLAS
 * worker threads and frees their buffers. While a LAPACK call still runs on another thread (a dense eigensolve
 * takes seconds to minutes) that waits forever for a busy worker (seen for 11 minutes at N = 6400) or, with one
 * BLAS thread, frees memory the call is using (SIGSEGV). Dying of the signal runs no destructor and no Java
 * shutdown hook; nothing is lost by that, because every file a command writes is staged and renamed at the end,
 * or appended and flushed cell by cell (sweeps, which {@code --resume} continues).
 *
 * <p>A signal that was ignored when the process started (a job started with {@code nohup}, or in the background
 * of a non-interactive shell) stays ignored, as the JVM does by itself.
 */
final class Termination {
    /** The signals that stop a command, with the exit status a shell shows for each: 128 + the number. */
    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};
    /** How long the handler waits for the signal sent again to end the process before halting instead. */
    private static final long RAISE_GRACE_MILLIS = 2000;

    /** The command running now (for the signal handler, which runs on a thread of its own), or null. */
    private static volatile Target current;

    private Termination() {
    }

    /**
     * What a command writes to.
     *
     * @param command    the subcommand's name, for messages
     * @param out        its output directory (absolute), or null when it writes none
     * @param createdTop the topmost directory of out's path that did not exist before the command ran (out
     *                   itself, or one of its parents), or null when out existed: this run created it and may
     *                   remove it again when it stays empty
     */
    record Target(String command, Path out, Path createdTop) {
    }

    /**
     * Installs the handlers of SIGINT, SIGTERM and SIGHUP for this process. Called once, by {@link Main#main}
     * only: a JVM that embeds the command line ({@link Main#run}) keeps its own handlers.
     *
     * @param err where the one line about the signal goes
     */
    static void install(PrintStream err) {
        for (String name : SIGNALS) {
            Signal signal;
            try {
                signal = new Signal(name);
            } catch (IllegalArgumentException e) {
                continue; // not a signal on this platform
            }
            try {
                Signal.handle(signal, s -> stop(s, err));
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal (-Xrs): its own handling applies
            }
        }
    }

    /**
     * Records the command about to run and its output directory, before anything is created.
     *
     * @param out the --out value as given, or null
     */
    static Target begin(String command, Path out) {
        Path abs = out == null ? null : out.toAbsolutePath().normalize();
        Path createdTop = null;
        for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) {
            createdTop = p;
        }
        Target t = new Target(command, abs, createdTop);
        current = t;
        return t;
    }

    /**
     * The command has ended with exit code; after a failure, the directories it created and left empty are
     * removed (a failed run leaves no empty --out behind).
     */
    static void end(Target t, int code) {
        if (code != ExitCodes.OK) {
            removeCreatedIfEmpty(t);
        }
        current = null;
    }

    /** The signal handler: clean up, say so in one line, die of the signal. Runs on a thread of its own. */
    private static void stop(Signal signal, PrintStream err) {
        Target t = current;
        int status = 128 + signal.getNumber();
        String what = "SIG" + signal.getName();
        if (t != null && t.out() != null) {
            deleteStagingFiles(t.out(), ProcessHandle.current().pid());
            removeCreatedIfEmpty(t);
        }
        err.println((System.console() != null ? System.lineSeparator() : "") + "shortcut-hessian"
                + (t != null ? " " + t.command() : "") + ": stopped by " + what + " (exit " + status + ")"
                + (t != null && t.out() != null ? "; " + kept(t) : ""));
        err.flush();
        try {
            // Java cannot raise a signal whose Java handler is gone (Signal.raise refuses it): with the default
            // action restored, the shell's kill sends it to this process, which the kernel then ends.
            Signal.handle(signal, SignalHandler.SIG_DFL);
            new ProcessBuilder("/bin/sh", "-c", "kill -s " + signal.getName() + " " + ProcessHandle.current().pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(RAISE_GRACE_MILLIS);
        } catch (IOException | RuntimeException | InterruptedException e) {
            // no /bin/sh, or the signal cannot be reset: halt below
        }
        Runtime.getRuntime().halt(status); // only if the signal did not end the process
    }

    /** @return what the stopped command left in its output directory, in words. */
    private static String kept(Target t) {
        if (t.command().equals("reproduce") && Files.isDirectory(t.out())) {
            return "the finished cells are kept in " + t.out() + "; continue with --resume";
        }
        return "no outputs written";
    }

    /**
     * Deletes the staging files of process pid in dir: {@code .NAME.partial-PID}, the temporary names of
     * {@link org.shortcuthessian.io.OutputDirectory#stage}. Best effort: a file that cannot be deleted stays.
     *
     * @return how many were deleted
     */
    static int deleteStagingFiles(Path dir, long pid) {
        int deleted = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.partial-" + pid)) {
            for (Path f : files) {
                try {
                    if (Files.deleteIfExists(f)) {
                        deleted++;
                    }
                } catch (IOException ignored) {
                    // best effort: the next run's cleanup removes it
                }
            }
        } catch (IOException ignored) {
            // the directory went away or cannot be listed: nothing to delete
        }
        return deleted;
    }

    /** Removes out and its parents up to createdTop while they are empty directories. */
    private static void removeCreatedIfEmpty(Target t) {
        if (t.createdTop() == null) {
            return;
        }
        for (Path p = t.out(); p != null && p.startsWith(t.createdTop()); p = p.getParent()) {
            try {
                if (!Files.isDirectory(p) || !isEmpty(p)) {
                    return;
                }
                Files.delete(p);
            } catch (IOException e) {
                return; // not empty after all, or not ours to delete
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }
}
