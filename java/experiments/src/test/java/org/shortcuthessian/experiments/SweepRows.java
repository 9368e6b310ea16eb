package org.shortcuthessian.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Test helpers for sweeps: rows to compare across runners, and child JVMs on this test's class path. */
public final class SweepRows {
    private SweepRows() {
    }

    /** @return whether a column records how a cell was run (timings, threads) rather than its result. */
    public static boolean isExecutionColumn(String column) {
        return column.endsWith("_seconds") || column.equals("blas_threads");
    }

    /**
     * @return the rows of a sweep's CSV without the execution columns, each as {@code col=value,…}, sorted (the
     *         order in which cells finish is not part of the result), duplicates kept
     */
    public static List<String> comparable(Path csv) {
        List<String> out = new ArrayList<>();
        for (Map<String, String> row : ResultsFile.read(csv)) {
            out.add(row.entrySet().stream().filter(e -> !isExecutionColumn(e.getKey()))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        }
        out.sort(null);
        return out;
    }

    /**
     * Starts a JVM running mainClass with args on this JVM's class path, stderr merged into stdout.
     *
     * @param jvmOptions options before the class name (e.g. -Xmx512m)
     */
    public static Process startJvm(List<String> jvmOptions, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    }
}
