package org.shortcuthessian.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.linalg.BackendUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/**
 * The command-line tool: {@code java -jar shortcut-hessian.jar COMMAND ...}. Exit codes: 0 success,
 * 2 bad input (one line on stderr naming the file, field or index), 1 internal error.
 */
@Command(name = "shortcut-hessian", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Exact curvature of n-shortcut residual networks: Hessians, full spectra, condition numbers.",
        subcommands = {HessianCommand.class, SpectrumCommand.class, DensityCommand.class, DemoCommand.class,
                ReproduceCommand.class, TrainCommand.class, InfoCommand.class, CommandLine.HelpCommand.class})
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
        return cl.execute(args);
    }

    private static int handle(Throwable ex, CommandLine c, PrintStream err) {
        String cmd = c.getCommandName();
        if (ex instanceof InvalidInputException bad && bad.field() != null && c.getCommandSpec().findOption(option(bad.field())) != null) {
            // the library names its own field (learningRate); the user typed the option (--learning-rate)
            err.println("shortcut-hessian " + cmd + ": " + option(bad.field()) + ": " + oneLine(bad.detail()));
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof InvalidInputException || ex instanceof BackendUnavailableException) {
            err.println("shortcut-hessian " + cmd + ": " + oneLine(ex.getMessage()));
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof OutOfMemoryError) {
            err.println("shortcut-hessian " + cmd + ": out of memory: " + oneLine(String.valueOf(ex.getMessage()))
                    + " (raise -Xmx, or -Dorg.bytedeco.javacpp.maxBytes for native memory)");
            return ExitCodes.INTERNAL;
        }
        err.println("shortcut-hessian " + cmd + ": internal error: " + oneLine(ex.toString()));
        if (Boolean.getBoolean("shortcut.hessian.trace") || System.getenv("SHORTCUT_HESSIAN_TRACE") != null) {
            ex.printStackTrace(err);
        }
        return ExitCodes.INTERNAL;
    }

    /** @return the option of a library field: learningRate → --learning-rate. */
    static String option(String field) {
        return "--" + field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
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
