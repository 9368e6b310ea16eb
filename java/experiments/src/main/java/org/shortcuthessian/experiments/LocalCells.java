package org.shortcuthessian.experiments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.shortcuthessian.io.Json;

/**
 * Runs cells in this JVM's threads, side by side, each on one BLAS thread: J cells at once, J = P (the BLAS thread
 * count the application set, e.g. {@code --threads}; by default OpenBLAS's, one per core), fewer if memory cannot
 * hold J of the largest cells at once ({@link #BYTES_PER_N_SQUARED}·N² bytes each), at least one. Every cell's
 * LAPACK and BLAS calls thus run on one thread whatever P is, so a row's bits never depend on the thread count, the
 * memory, the load or the order in which the cells ran (multi-threaded OpenBLAS reductions, e.g. the dsymv of the
 * tridiagonal reduction, sum in an order that depends on the thread count: the eigenvalues of one Hessian solved on
 * 1 and on 2 threads differ in their last bits). An earlier policy timed a cell alone on all P threads against cells
 * side by side and ran the rest the faster way; its rows then depended on the timing, and a resumed sweep could
 * differ in the last bits from an uninterrupted one.
 *
 * <p>With {@code jobs} given, J = jobs side by side on one thread each, except {@code jobs = 1} with P &gt; 1: one
 * cell at a time on all P threads, the user's explicit choice of speed over thread-independent bits.
 * Side by side at one thread is also the robust way: when another process takes a core, OpenBLAS's threads wait for
 * each other at every barrier of the tridiagonal reduction and one cell on all threads slows down several-fold,
 * while single-threaded cells only lose their share.
 */
public final class LocalCells implements CellRunner {
    /** Memory a cell needs per N² of its dense Hessian: the matrix, the eigensolver's copy and its workspace. */
    public static final double BYTES_PER_N_SQUARED = 3 * Double.BYTES;

    private final BlasThreads threads;
    private final Integer jobs;
    private ObjectNode description = Json.object();

    /**
     * @param threads the application's control of the BLAS threads (restored after each run)
     * @param jobs    cells side by side, or null for as many as BLAS threads and memory allow
     */
    public LocalCells(BlasThreads threads, Integer jobs) {
        this.threads = threads;
        this.jobs = jobs;
    }

    @Override
    public ObjectNode describe() {
        return description.deepCopy();
    }

    @Override
    public void run(Experiment e, List<Cell> todo, SweepContext context, BiConsumer<Cell, CellResult> finished) {
        int p = threads.current();
        int memoryJobs = memoryJobs(todo, availableBytes());
        ObjectNode d = Json.object();
        d.put("kind", "local");
        d.put("blas_threads", p);
        d.put("memory_allows_side_by_side", memoryJobs);
        try {
            if (jobs != null && jobs == 1 && p > 1) {
                d.put("policy", "one at a time on " + p + " BLAS threads (--jobs 1)");
                runPool(e, todo, context, 1, finished);
                return;
            }
            if (!threads.set(1)) {
                // the application keeps the thread count (an embedded sweep, BlasThreads.fixed): cells side by side
                // would each run on all of its threads
                d.put("policy", "one at a time on " + p + " BLAS threads (the application keeps the thread count)");
                runPool(e, todo, context, 1, finished);
                return;
            }
            int j = jobs != null ? jobs : Math.max(1, Math.min(p, memoryJobs));
            d.put("jobs", j);
            d.put("policy", j + (j == 1 ? " at a time" : " side by side") + " on one BLAS thread each");
            runPool(e, todo, context, j, finished);
        } finally {
            threads.set(p);
            description = d;
        }
    }

    /** @return how many of the largest cells fit in bytes at once (at least 1). */
    static int memoryJobs(List<Cell> cells, double bytes) {
        int n = cells.stream().mapToInt(Cell::denseN).max().orElse(0);
        double need = BYTES_PER_N_SQUARED * n * (double) n;
        return need <= 0 ? Integer.MAX_VALUE : (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(bytes / need)));
    }

    /** @return memory for cells now: 80% of the smaller of the heap's headroom and the system's available memory. */
    static double availableBytes() {
        Runtime rt = Runtime.getRuntime();
        double heap = rt.maxMemory() - (double) (rt.totalMemory() - rt.freeMemory());
        double system = Double.POSITIVE_INFINITY;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    system = Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                system = os.getFreeMemorySize();
            }
        }
        return 0.8 * Math.min(heap, system);
    }

    /** Runs cells in jobs threads (1: in this one), handing each result to finished in this thread. */
    static void runPool(Experiment e, List<Cell> cells, SweepContext context, int jobs,
                        BiConsumer<Cell, CellResult> finished) {
        if (cells.isEmpty()) {
            return;
        }
        if (jobs == 1) {
            for (Cell c : cells) {
                finished.accept(c, e.run(c, context));
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "sweep-" + e.name());
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<Map.Entry<Cell, CellResult>> done = new ExecutorCompletionService<>(pool);
            for (Cell c : cells) {
                done.submit(() -> Map.entry(c, e.run(c, context)));
            }
            for (int i = 0; i < cells.size(); i++) {
                Future<Map.Entry<Cell, CellResult>> f = done.take();
                Map.Entry<Cell, CellResult> r = f.get();
                finished.accept(r.getKey(), r.getValue());
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", ex);
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            stop(pool);
        }
    }

    /**
     * Cancels the cells not started, interrupts the running ones (training cells stop at their next epoch) and waits
     * until none runs: after a failure the caller restores the BLAS thread count and may end the process, neither of
     * which is safe while another thread is inside OpenBLAS (a failing cell used to leave its neighbours in a LAPACK
     * call while the process exited, which could hang). An interrupt of this wait is kept for the caller.
     */
    static void stop(ExecutorService pool) {
        pool.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
