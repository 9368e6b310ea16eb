package org.shortcuthessian.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line in a JVM of its own ({@code java ... org.shortcuthessian.cli.Main ARGS}, on this test's class
 * path), for what an in-process run cannot show: signals, the heap limit, the exit path of the JVM.
 *
 * <p>SIGINT and SIGTERM are reset to their default action for the child ({@code env --default-signal}): a JVM
 * started from a background job inherits them ignored, and then (as the shells want) never sees them.
 */
final class CliProcess {
    private CliProcess() {
    }

    /**
     * Starts the command line; stdout and stderr go to files next to dir (stdout.txt, stderr.txt).
     *
     * @param jvmOptions e.g. {@code -Xmx64m}
     * @param logs       the directory for the two files (created)
     */
    static Process start(List<String> jvmOptions, Path logs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/env"))) {
            cmd.addAll(List.of("/usr/bin/env", "--default-signal=INT,TERM,HUP"));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        Files.createDirectories(logs);
        return new ProcessBuilder(cmd).redirectOutput(logs.resolve("stdout.txt").toFile())
                .redirectError(logs.resolve("stderr.txt").toFile()).start();
    }

    /** @return the class path of this test run (surefire's, else the JVM's). */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** A finished run: exit code and the two streams. */
    record Result(int code, String out, String err) {
    }

    /** Runs the command line to its end (at most timeoutSeconds, else it is killed and the test fails). */
    static Result run(List<String> jvmOptions, Path logs, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Process p = start(jvmOptions, logs, args);
        if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the command did not end within " + timeoutSeconds + " s: " + String.join(" ", args));
        }
        return new Result(p.exitValue(), Files.readString(logs.resolve("stdout.txt")),
                Files.readString(logs.resolve("stderr.txt")));
    }
}
