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
 * or not, and {@code T / speedup} alone on all threads. Whatever one cell alone would gain, every cell runs on one
 * BLAS thread (its bits must not depend on the thread count), unless --jobs 1 asks for all threads; memory limits
 * how many cells run at once.
 */
class LocalCellsTest {
    static final long T_MILLIS = 120;

    /** BLAS threads of a simulated process: the count is process-wide, as OpenBLAS's is. */
    static class Threads implements BlasThreads {
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
    static class Simulated implements Experiment {
        final Threads threads;
        volatile double speedupAlone;
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
            started.incrementAndGet();
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
        public List<String> plot(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data,
                                 OutputDirectory out) {
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
    void everyCellOnOneBlasThreadWhateverOneCellAloneWouldGain() {
        for (double speedupAlone : new double[] {2.0, 4.0}) {
            Threads threads = new Threads(4);
            Simulated e = new Simulated(threads, speedupAlone);
            LocalCells runner = new LocalCells(threads, null);
            List<Integer> finished = run(runner, e);
            assertEquals(12, finished.stream().distinct().count(), "every cell once");
            assertEquals(4, threads.current(), "the application's count is restored");
            assertTrue(e.threadsOfCell.values().stream().allMatch(t -> t == 1),
                    "no cell's bits depend on the thread count or on timing: " + e.threadsOfCell);
            assertEquals(4, e.maxRunning.get(), "as many side by side as BLAS threads");
            assertEquals("4 side by side on one BLAS thread each", runner.describe().get("policy").asText());
        }
    }

    @Test
    void anApplicationThatKeepsItsThreadCountRunsOneCellAtATime() {
        Threads threads = new Threads(2) {
            @Override
            public boolean set(int count) {
                return count == current();
            }
        };
        Simulated e = new Simulated(threads, 1.0);
        LocalCells runner = new LocalCells(threads, null);
        run(runner, e);
        assertEquals(1, e.maxRunning.get(), "cells side by side would each run on both threads");
        assertTrue(runner.describe().get("policy").asText().startsWith("one at a time on 2"), runner.describe().toString());
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

        e.maxRunning.set(0);
        e.threadsOfCell.clear();
        LocalCells three = new LocalCells(threads, 3);
        run(three, e);
        assertEquals(3, e.maxRunning.get(), "--jobs 3 on 2 BLAS threads: three side by side");
        assertTrue(e.threadsOfCell.values().stream().allMatch(t -> t == 1), e.threadsOfCell.toString());

        List<Cell> cells = e.cells(null);
        double perCell = LocalCells.BYTES_PER_N_SQUARED * 3000.0 * 3000;
        assertEquals(3, LocalCells.memoryJobs(cells, 3.5 * perCell));
        assertEquals(1, LocalCells.memoryJobs(cells, 0.5 * perCell), "at least one");
    }

    @Test
    void aFailingCellReturnsOnlyAfterTheCellsBesideItHaveStopped() {
        Threads threads = new Threads(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        List<Thread> workers = Collections.synchronizedList(new ArrayList<>());
        Simulated e = new Simulated(threads, 1.0) {
            @Override
            public CellResult run(Cell cell, SweepContext context) {
                workers.add(Thread.currentThread());
                if (cell.intParam("id") == 1) {
                    try {
                        Thread.sleep(50); // the neighbour is inside its long call by now
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalArgumentException("cell 1 failed");
                }
                running.incrementAndGet();
                long end = System.nanoTime() + 400_000_000L; // a LAPACK call: deaf to interrupts
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                running.decrementAndGet();
                completed.incrementAndGet();
                return new CellResult(List.of(cell.row()), 0, 0);
            }
        };
        List<Cell> cells = e.cells(null).subList(0, 6);
        IllegalArgumentException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LocalCells.runPool(e, cells, new SweepContext(null, null, null), 2, (c, r) -> { }));
        assertEquals("cell 1 failed", thrown.getMessage(), "the failure itself is rethrown");
        assertEquals(0, running.get(), "no cell is still running when the failure reaches the caller");
        // cell 0 ran beside the failing cell 1, whose thread may have taken cell 2 before the failure was seen (and,
        // on a very busy machine, cell 0's thread cell 3); without the cancellation all 5 others would complete
        assertTrue(completed.get() >= 1 && completed.get() <= 3, "the running cells finished and the others were "
                + "cancelled: " + completed.get() + " completed");
        for (Thread t : workers) { // a worker may still be unwinding out of the pool: it ends at once, no cell left
            try {
                t.join(5000);
            } catch (InterruptedException ex) {
                throw new AssertionError(ex);
            }
            org.junit.jupiter.api.Assertions.assertFalse(t.isAlive(), "pool thread " + t.getName() + " still running");
        }
    }
}
