package org.shortcuthessian.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.HessianTooLargeException;
import org.shortcuthessian.curvature.spectrum.HeapTooSmallException;
import org.shortcuthessian.linalg.BackendUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/**
 * The command-line tool: {@code java -jar shortcut-hessian.jar COMMAND ...}. Exit codes ({@link ExitCodes}): 0
 * success, 2 bad input or not enough memory or disk (one line on stderr naming the file, field, index or figure),
 * 1 internal error, 130/143/129 stopped by SIGINT/SIGTERM/SIGHUP ({@link Termination}).
 */
@Command(name = "shortcut-hessian", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Exact curvature of n-shortcut residual networks: Hessians, full spectra, condition numbers.",
        subcommands = {HessianCommand.class, SpectrumCommand.class, DensityCommand.class, DemoCommand.class,
                ReproduceCommand.class, MergeCommand.class, TrainCommand.class, InfoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required ("
                + String.join(", ", spec.subcommands().keySet().stream().filter(c -> !c.equals("help")).toList())
                + "; see --help)");
    }

    public static void main(String[] args) {
        Termination.install(System.err);
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the CLI with the given streams; returns the exit code instead of exiting. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            err.println(c.getCommandName().equals("shortcut-hessian") ? "shortcut-hessian: " + ex.getMessage()
                    : "shortcut-hessian " + c.getCommandName() + ": " + oneLine(ex.getMessage())
                    + " (see --help)");
            return ExitCodes.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> handle(ex, c, err));
        cl.setExecutionStrategy(parsed -> execute(parsed, err));
        return cl.execute(args);
    }

    /**
     * Runs the parsed command; records its output directory first ({@link Termination}: what a signal cleans up),
     * and after a failure removes the output directory again if this run created it and left it empty.
     */
    private static int execute(CommandLine.ParseResult parsed, PrintStream err) {
        CommandLine.ParseResult sub = parsed.subcommand();
        Path out = sub == null || !sub.hasMatchedOption("--out") ? null : sub.matchedOptionValue("--out", (Path) null);
        Termination.Target target = Termination.begin(sub == null ? "" : sub.commandSpec().name(), out);
        int code = ExitCodes.INTERNAL; // until the command returns: exceptions go to handle(), after this
        try {
            code = new CommandLine.RunLast().execute(parsed);
            return code;
        } catch (OutOfMemoryError | StackOverflowError e) {
            // picocli hands only Exceptions to the execution exception handler: an Error of a command arrives here
            code = handle(e, (sub != null ? sub : parsed).commandSpec().commandLine(), err);
            return code;
        } finally {
            Termination.end(target, code);
        }
    }

    private static int handle(Throwable ex, CommandLine c, PrintStream err) {
        String cmd = c.getCommandName();
        if (ex instanceof InvalidInputException bad && bad.field() != null && c.getCommandSpec().findOption(option(bad.field())) != null) {
            // the library names its own field (learningRate); the user typed the option (--learning-rate)
            err.println("shortcut-hessian " + cmd + ": " + option(bad.field()) + ": " + oneLine(bad.detail()));
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof HessianTooLargeException big) {
            // the library's message names its Java API; the user of the command line needs the options
            String instead = cmd.equals("hessian") ? "without it, --spectrum --method lanczos --top K (or --bottom K)"
                    + " or --method slq computes the spectrum matrix-free, from Hessian-vector products (no hessian.npy)"
                    : "the network is too large for this command";
            err.println("shortcut-hessian " + cmd + ": " + String.format(Locale.ROOT, "a dense Hessian of N = %d"
                            + " parameters needs %s (8·N² bytes), but only %s is available; %s", big.parameters(),
                    HessianTooLargeException.human(big.bytesNeeded()),
                    HessianTooLargeException.human(big.bytesAvailable()), instead));
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof HeapTooSmallException heap) {
            long total = heap.bytesNeeded() + heap.maxHeap() - heap.bytesAvailable();
            err.println("shortcut-hessian " + cmd + ": " + oneLine(heap.getMessage()) + "; raise the heap (java -Xmx"
                    + ((total >> 30) + 1) + "g -jar …) or ask for less (--steps, --probes, --grid, --top, --bottom)");
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof InvalidInputException || ex instanceof BackendUnavailableException) {
            err.println("shortcut-hessian " + cmd + ": " + oneLine(ex.getMessage()));
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof OutOfMemoryError) {
            err.println("shortcut-hessian " + cmd + ": " + outOfMemory((OutOfMemoryError) ex));
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof UncheckedIOException io) {
            // a file the run writes or reads failed (a full disk, a directory made read-only): the message names it
            err.println("shortcut-hessian " + cmd + ": " + oneLine(io.getMessage()));
            return ExitCodes.BAD_INPUT;
        }
        err.println("shortcut-hessian " + cmd + ": internal error: " + oneLine(ex.toString()));
        if (Boolean.getBoolean("shortcut.hessian.trace") || System.getenv("SHORTCUT_HESSIAN_TRACE") != null) {
            ex.printStackTrace(err);
        }
        return ExitCodes.INTERNAL;
    }

    /**
     * @return one line for an OutOfMemoryError that no estimate foresaw: which memory ran out (the Java heap, or
     *         native memory under JavaCPP's limits), its size, and the setting that raises it
     */
    static String outOfMemory(OutOfMemoryError e) {
        String what = oneLine(String.valueOf(e.getMessage()));
        if (what.contains("maxBytes") || what.contains("Physical") || what.contains("physical")
                || what.contains("within limits") || what.contains("native")) {
            return "out of native memory (" + what + "); free memory, raise -Dorg.bytedeco.javacpp.maxBytes /"
                    + " maxPhysicalBytes, or ask for less";
        }
        return "out of memory (" + what + "): the Java heap is at most "
                + HessianTooLargeException.human(Runtime.getRuntime().maxMemory()) + "; raise it (java -Xmx… -jar …)"
                + " or ask for less";
    }

    /** Library fields whose option is not their kebab-case name. */
    private static final java.util.Map<String, String> OPTION_OF_FIELD = java.util.Map.of("gridPoints", "--grid");

    /** @return the option of a library field: learningRate → --learning-rate (gridPoints → --grid). */
    static String option(String field) {
        return OPTION_OF_FIELD.getOrDefault(field,
                "--" + field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT));
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", "; ").trim();
    }

    /** @return the project version from the jar's resources. */
    public static String version() {
        return org.shortcuthessian.Version.get();
    }

    /** picocli version provider. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"shortcut-hessian " + version()};
        }
    }
}
