package org.shortcuthessian.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;
import org.shortcuthessian.experiments.ExperimentOptions;
import org.shortcuthessian.experiments.Experiments;
import org.shortcuthessian.experiments.Sweep;
import org.shortcuthessian.linalg.Backend;

/**
 * A small sweep end to end: {@code reproduce fig4 --quick} through the Java API ({@code Sweep.run}): data
 * loading and whitening, 72 cells (Hessians up to N = 3200 and their full spectra), the streamed CSV,
 * three PNG plots and the manifest, into a new directory per call (the sweep creates it; all are removed
 * after the trial). {@code size} is the largest N of the grid (3200). Checked: the summary counts every
 * cell and plot.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx8g"})
public class SweepBench extends SuiteBench {
    @Param({"native"})
    public String contender;

    @Param({"3200"})
    public int size;

    private Path root;
    private int calls;

    @Override
    protected void prepare() {
        Backend backend = switch (kind) {
            case NATIVE -> nativeBackend;
            case JAVA -> javaBackend;
            default -> throw new IllegalArgumentException("SweepBench: contender " + kind.id() + " has no sweep");
        };
        try {
            root = Files.createTempDirectory("sweepbench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        call = () -> Sweep.run(Experiments.get("fig4"), ExperimentOptions.defaults(true), root.resolve("run" + calls++),
                false, backend, new org.shortcuthessian.experiments.BlasThreads() {
                    // as the command line does: the benchmark is the application and owns OpenBLAS's threads
                    @Override
                    public int current() {
                        return Math.max(1, backend.threads());
                    }

                    @Override
                    public boolean set(int threads) {
                        backend.setThreads(threads);
                        return true;
                    }
                }, new Sweep.Listener() { });
    }

    @Benchmark
    public Object run() {
        return runCall();
    }

    @Override
    protected void check(Object result) {
        Sweep.Summary s = (Sweep.Summary) result;
        if (s.cells() != 72 || s.ran() != 72 || s.plots().size() != 3) {
            throw new IllegalStateException("SweepBench: " + s);
        }
    }

    @Override
    protected void release() throws Exception {
        super.release();
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
