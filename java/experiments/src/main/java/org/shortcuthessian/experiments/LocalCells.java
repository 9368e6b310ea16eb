package org.shortcuthessian.experiments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import org.shortcuthessian.io.Json;

/**
 * Runs cells in this JVM's threads. OpenBLAS's thread count is process-wide, so the cells running at one time
 * share it, and there are two ways to use P BLAS threads (P = the count the application set, e.g.
 * {@code --threads}; by default OpenBLAS's, one per core):
 * <ul>
 * <li><b>side by side</b>: J cells at once on one BLAS thread each, J = P, fewer if memory cannot hold J of the
 * largest cells at once ({@link #BYTES_PER_N_SQUARED}·N² bytes each);</li>
 * <li><b>one at a time</b> on all P threads.</li>
 * </ul>
 * With {@code jobs} given, J = jobs side by side (1: one at a time). Otherwise the choice is measured on the
 * cells whose dense N is at least {@value #LARGE_N} (below it several threads never pay): the first J of them
 * run side by side, the next one alone on P threads, and the cost per second ({@link Cell#cost()}) of each
 * way decides the rest; while one at a time, a cell slower than the side-by-side rate switches back for good.
 * The probe alone is skipped when the side-by-side cells got less than {@value #BUSY_BELOW} of a core each (CPU
 * time over wall time): other processes hold the cores, and one cell on all threads would only wait for them.
 * Side by side at one thread is the robust way: when another process takes a core, OpenBLAS's threads wait
 * for each other at every barrier of the tridiagonal reduction and one cell on all threads slows down
 * several-fold, while single-threaded cells only lose their share.
 */
public final class LocalCells implements CellRunner {
    private static final Logger LOG = Logger.getLogger(LocalCells.class.getName());
    /** Below this dense N, one cell on several BLAS threads never beats cells side by side. */
    public static final int LARGE_N = 2500;
    /** Memory a cell needs per N² of its dense Hessian: the matrix, the eigensolver's copy and its workspace. */
    public static final double BYTES_PER_N_SQUARED = 3 * Double.BYTES;
    /** One at a time must beat side by side by this factor to be chosen (the measurement's noise). */
    static final double MARGIN = 1.1;
    /** Side-by-side cells that got less CPU than this share of a core each mean the cores are busy. */
    static final double BUSY_BELOW = 0.9;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final BlasThreads threads;
    private final Integer jobs;
    private final double busyBelow;
    private ObjectNode description = Json.object();

    /**
     * @param threads the application's control of the BLAS threads (restored after each run)
     * @param jobs    cells side by side, or null to choose by measurement
     */
    public LocalCells(BlasThreads threads, Integer jobs) {
        this(threads, jobs, BUSY_BELOW);
    }

    /** As above, with the CPU share under which the cores count as busy (tests on simulated cells pass 0). */
    LocalCells(BlasThreads threads, Integer jobs, double busyBelow) {
        this.threads = threads;
        this.jobs = jobs;
        this.busyBelow = busyBelow;
    }

    @Override
    public ObjectNode describe() {
        return description.deepCopy();
    }

    @Override
    public void run(Experiment e, List<Cell> todo, SweepContext context, BiConsumer<Cell, CellResult> finished) {
        int p = threads.current();
        int memoryJobs = memoryJobs(todo, availableBytes());
        int j = jobs != null ? jobs : Math.min(p, memoryJobs);
        ObjectNode d = Json.object();
        d.put("kind", "local");
        d.put("blas_threads", p);
        d.put("memory_allows_side_by_side", memoryJobs);
        try {
            boolean sideBySide = j > 1 && threads.set(1);
            if (!sideBySide) {
                threads.set(p);
                d.put("policy", "one at a time on " + p + " BLAS threads");
                runPool(e, todo, context, 1, finished);
                return;
            }
            d.put("jobs", j);
            List<Cell> large = todo.stream().filter(c -> c.denseN() >= LARGE_N).toList();
            if (jobs != null || p == 1 || large.size() <= j) {
                d.put("policy", j + " side by side on one BLAS thread each");
                runPool(e, todo, context, j, finished);
                return;
            }
            // measure: the first j large cells side by side, the next one alone on p threads
            long t0 = System.nanoTime();
            LongAdder cpu = new LongAdder();
            runPool(e, large.subList(0, j), context, j, finished, cpu);
            double wall = seconds(t0);
            double rateSideBySide = cost(large.subList(0, j)) / wall;
            double cpuShare = cpu.sum() * 1e-9 / (j * wall);
            ObjectNode m = d.putObject("measured");
            m.put("side_by_side_cost_per_second", rateSideBySide);
            m.put("side_by_side_cpu_share", cpuShare);
            if (cpuShare < busyBelow) {
                d.put("policy", j + " side by side on one BLAS thread each (the cores are busy: "
                        + Math.round(100 * cpuShare) + "% of a core per cell)");
                List<Cell> rest = new ArrayList<>(todo);
                rest.removeAll(large.subList(0, j));
                runPool(e, rest, context, j, finished);
                return;
            }
            threads.set(p);
            Cell probe = large.get(j);
            t0 = System.nanoTime();
            finished.accept(probe, e.run(probe, context));
            double rateAlone = probe.cost() / seconds(t0);
            m.put("one_at_a_time_cost_per_second", rateAlone);
            List<Cell> rest = new ArrayList<>(todo);
            rest.removeAll(large.subList(0, j + 1));
            int alone = 1;
            if (rateAlone > MARGIN * rateSideBySide) {
                // one at a time while it stays faster (cells with large N only)
                for (Cell c : large.subList(j + 1, large.size())) {
                    rest.remove(c);
                    t0 = System.nanoTime();
                    finished.accept(c, e.run(c, context));
                    alone++;
                    if (c.cost() / seconds(t0) < rateSideBySide) {
                        LOG.fine(() -> "a cell alone on " + p + " threads ran slower than side by side: switching back");
                        break;
                    }
                }
            }
            d.put("policy", j + " side by side on one BLAS thread each, " + alone + " large cell(s) alone on " + p
                    + " threads (measured)");
            LOG.fine(() -> String.format(Locale.ROOT, "%s: side by side %.3g cost/s, alone %.3g cost/s", e.name(),
                    rateSideBySide, rateAlone));
            threads.set(1);
            runPool(e, rest, context, j, finished);
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

    private static double cost(List<Cell> cells) {
        return cells.stream().mapToDouble(Cell::cost).sum();
    }

    private static double seconds(long t0) {
        return Math.max(1e-9, (System.nanoTime() - t0) * 1e-9);
    }

    /** Runs cells in jobs threads (1: in this one), handing each result to finished in this thread. */
    static void runPool(Experiment e, List<Cell> cells, SweepContext context, int jobs,
                        BiConsumer<Cell, CellResult> finished) {
        runPool(e, cells, context, jobs, finished, new LongAdder());
    }

    /** As above; adds the CPU time of the threads that ran the cells (nanoseconds) to cpu. */
    static void runPool(Experiment e, List<Cell> cells, SweepContext context, int jobs,
                        BiConsumer<Cell, CellResult> finished, LongAdder cpu) {
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
                done.submit(() -> {
                    long cpu0 = CPU.getCurrentThreadCpuTime();
                    try {
                        return Map.entry(c, e.run(c, context));
                    } finally {
                        cpu.add(CPU.getCurrentThreadCpuTime() - cpu0);
                    }
                });
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
            pool.shutdownNow();
        }
    }
}
