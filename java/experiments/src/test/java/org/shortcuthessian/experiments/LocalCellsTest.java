package org.shortcuthessian.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.shortcuthessian.io.OutputDirectory;

/**
 * The local thread policy against a simulated machine: a cell takes {@code T} on one BLAS thread, side by side
 * or not, and {@code T / speedup} alone on all threads. The measurement must pick the faster way, and memory
 * must limit how many cells run at once.
 */
class LocalCellsTest {
    static final long T_MILLIS = 120;

    /** BLAS threads of a simulated process: the count is process-wide, as OpenBLAS's is. */
    static final class Threads implements BlasThreads {
        final AtomicInteger count;

        Threads(int count) {
            this.count = new AtomicInteger(count);
        }

        @Override
        public int current() {
            return count.get();
        }

        @Override
        public boolean set(int threads) {
            count.set(threads);
            return true;
        }
    }

    /** Cells of dense N = 3000 that sleep as the simulated machine says; records the threads each ran with. */
    static final class Simulated implements Experiment {
        final Threads threads;
        volatile double speedupAlone;
        volatile int competitionAfter = Integer.MAX_VALUE;
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final Map<Integer, Integer> threadsOfCell = new ConcurrentHashMap<>();

        Simulated(Threads threads, double speedupAlone) {
            this.threads = threads;
            this.speedupAlone = speedupAlone;
        }

        @Override
        public String name() {
            return "simulated";
        }

        @Override
        public String description() {
            return "";
        }

        @Override
        public List<String> columns() {
            return List.of("id");
        }

        @Override
        public List<String> keyColumns() {
            return List.of("id");
        }

        @Override
        public List<Cell> cells(ExperimentOptions options) {
            List<Cell> cells = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("id", i);
                cells.add(new Cell(p, 3000, 1.0));
            }
            return cells;
        }

        @Override
        public CellResult run(Cell cell, SweepContext context) {
            int n = running.incrementAndGet();
            maxRunning.accumulateAndGet(n, Math::max);
            int t = threads.current();
            if (started.incrementAndGet() >= competitionAfter) {
                speedupAlone = 0.4;
            }
            threadsOfCell.put(cell.intParam("id"), t);
            try {
                Thread.sleep(t == 1 ? T_MILLIS : (long) (T_MILLIS / speedupAlone));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return new CellResult(List.of(cell.row()), 0, 0);
        }

        @Override
        public List<String> plot(List<Map<String, String>> rows, OutputDirectory out) {
            return List.of();
        }
    }

    static List<Integer> run(LocalCells runner, Simulated e) {
        List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
        Thread caller = Thread.currentThread();
        runner.run(e, e.cells(null), new SweepContext(null, null, null), (c, r) -> {
            assertEquals(caller, Thread.currentThread(), "results come back in the calling thread");
            finished.add(c.intParam("id"));
        });
        return finished;
    }

    @Test
    void sideBySideWhenOneCellOnAllThreadsScalesPoorly() {
        Threads threads = new Threads(4);
        Simulated e = new Simulated(threads, 2.0); // 4 side by side: 4 cells per T; alone: 2 per T
        List<Integer> finished = run(new LocalCells(threads, null, 0), e);
        assertEquals(12, finished.stream().distinct().count(), "every cell once");
        assertEquals(4, threads.current(), "the application's count is restored");
        long alone = e.threadsOfCell.values().stream().filter(t -> t == 4).count();
        assertEquals(1, alone, "only the probe ran alone: " + e.threadsOfCell);
        assertEquals(4, e.maxRunning.get());
    }

    @Test
    void oneAtATimeWhenItIsMeasuredFaster() {
        Threads threads = new Threads(2);
        Simulated e = new Simulated(threads, 4.0); // 2 side by side: 2 per T; alone: 4 per T
        run(new LocalCells(threads, null, 0), e);
        long alone = e.threadsOfCell.values().stream().filter(t -> t == 2).count();
        assertEquals(12 - 2, alone, "after the side-by-side sample, every cell alone: " + e.threadsOfCell);
    }

    @Test
    void backToSideBySideWhenAnotherProcessTakesACore() {
        Threads threads = new Threads(2);
        Simulated e = new Simulated(threads, 4.0);
        e.competitionAfter = 5; // from the 5th cell on, one cell on both threads waits at every barrier
        run(new LocalCells(threads, null, 0), e);
        long alone = e.threadsOfCell.values().stream().filter(t -> t == 2).count();
        assertTrue(alone >= 3 && alone <= 4, "alone until a cell was slower than side by side: " + e.threadsOfCell);
        assertEquals(12, e.threadsOfCell.size());
    }

    @Test
    void noProbeAloneWhenTheSideBySideCellsDidNotGetTheirCores() {
        Threads threads = new Threads(2);
        Simulated e = new Simulated(threads, 4.0); // sleeping cells use no CPU: as if other processes held the cores
        LocalCells runner = new LocalCells(threads, null);
        run(runner, e);
        assertTrue(e.threadsOfCell.values().stream().allMatch(t -> t == 1), "all side by side: " + e.threadsOfCell);
        assertTrue(runner.describe().get("policy").asText().contains("the cores are busy"), runner.describe().toString());
        assertTrue(runner.describe().get("measured").get("side_by_side_cpu_share").asDouble() < 0.5);
    }

    @Test
    void jobsAndMemoryDecideWithoutMeasuring() {
        Threads threads = new Threads(2);
        Simulated e = new Simulated(threads, 4.0);
        LocalCells one = new LocalCells(threads, 1);
        run(one, e);
        assertEquals(1, e.maxRunning.get());
        assertTrue(e.threadsOfCell.values().stream().allMatch(t -> t == 2), "--jobs 1: one at a time on all threads");
        assertTrue(one.describe().get("policy").asText().startsWith("one at a time"), one.describe().toString());

        List<Cell> cells = e.cells(null);
        double perCell = LocalCells.BYTES_PER_N_SQUARED * 3000.0 * 3000;
        assertEquals(3, LocalCells.memoryJobs(cells, 3.5 * perCell));
        assertEquals(1, LocalCells.memoryJobs(cells, 0.5 * perCell), "at least one");
    }
}
