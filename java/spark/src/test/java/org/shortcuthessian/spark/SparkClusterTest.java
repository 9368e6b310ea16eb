package org.shortcuthessian.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.experiments.SweepRows;
import org.shortcuthessian.io.Json;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and two one-core workers, each its own JVM started from
 * the Maven artifacts' class path (no Spark installation). A sweep is submitted from this JVM (the driver); one
 * worker is killed (SIGKILL) once a few cells are done. The sweep completes on the other worker: every cell once,
 * rows identical to the local runner's.
 */
@Tag("slow")
class SparkClusterTest {
    @TempDir
    Path tmp;

    final List<Process> started = new ArrayList<>();
    final Set<ProcessHandle> executors = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path"); // the real entries, not surefire's booter jar
        return cp != null ? cp : System.getProperty("java.class.path");
    }

    Process startJvm(String mainClass, Path log, Path sparkHome, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        cmd.addAll(List.of(System.getProperty("spark.jvm.options", "").split(" ")));
        cmd.addAll(List.of("-cp", classPath(), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString()); // where a worker looks for Spark's jars/ (empty)
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOCAL_DIRS", tmp.resolve("local-dirs").toString());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitPort(int port, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                assertTrue(p.isAlive(), "master died: " + Files.readString(log));
                Thread.sleep(200);
            }
        }
        throw new AssertionError("master not listening on " + port + ": " + Files.readString(log));
    }

    void rememberExecutors(List<Process> workers) throws IOException {
        for (Process w : workers) {
            w.descendants().forEach(executors::add);
        }
        Path caches = Path.of(System.getProperty("java.io.tmpdir"), "shortcut-hessian-javacpp");
        if (Files.isDirectory(caches)) {
            try (var dirs = Files.list(caches)) {
                dirs.forEach(d -> {
                    for (ProcessHandle h : executors) {
                        if (d.getFileName().toString().endsWith("-" + h.pid())) {
                            executorCaches.add(d.getFileName().toString());
                        }
                    }
                });
            }
        }
    }

    /** The JavaCPP cache directories of this test's executors seen while they ran (one per executor JVM). */
    final Set<String> executorCaches = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Test
    void aSweepSurvivesALostWorkerWithEveryCellOnce() throws Exception {
        Path sparkHome = Files.createDirectories(tmp.resolve("spark-home/jars"));
        sparkHome = sparkHome.getParent();
        Files.createDirectories(tmp.resolve("local-dirs"));
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        List<Process> workers = new ArrayList<>();
        try {
            Path masterLog = tmp.resolve("master.log");
            Process m = startJvm("org.apache.spark.deploy.master.Master", masterLog, sparkHome, "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
            awaitPort(port, m, masterLog);
            for (int i = 1; i <= 2; i++) {
                Path work = Files.createDirectories(tmp.resolve("work-" + i));
                workers.add(startJvm("org.apache.spark.deploy.worker.Worker", tmp.resolve("worker-" + i + ".log"),
                        sparkHome, "--host", "127.0.0.1", "--cores", "1", "--memory", "1200m", "--work-dir",
                        work.toString(), "--webui-port", String.valueOf(freePort()), master));
            }
            String[] grid = {"--depths", "6,12,18,24", "--seeds", "2", "--samples", "2000", "--no-progress"};
            Path local = tmp.resolve("local");
            SparkLocalTest.Run l = SparkLocalTest.run(concat(List.of("reproduce", "fig4", "--out", local.toString()), grid));
            assertEquals(0, l.code(), l.err());

            Path out = tmp.resolve("cluster");
            List<String> args = concat(List.of("reproduce", "fig4", "--out", out.toString(), "--spark", master,
                    "--spark-conf", "spark.executor.extraClassPath=" + classPath(),
                    "--spark-conf", "spark.driver.host=127.0.0.1", "--spark-conf", "spark.driver.bindAddress=127.0.0.1",
                    "--spark-conf", "spark.executor.memory=1g", "--spark-conf", "spark.cores.max=2"), grid);
            Thread driver = new Thread(() -> result[0] = SparkLocalTest.run(args), "driver");
            driver.start();
            // once three cells are in, kill worker 1 (SIGKILL): its executor goes with it, its cells are retried
            Path cells = out.resolve("fig4.cells");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (driver.isAlive() && System.nanoTime() < deadline
                    && !(Files.exists(cells) && Files.readAllLines(cells).size() >= 4)) {
                rememberExecutors(workers);
                Thread.sleep(20);
            }
            rememberExecutors(workers);
            Thread survivorWatch = new Thread(() -> {
                while (driver.isAlive()) {
                    try {
                        rememberExecutors(workers.subList(1, 2));
                        Thread.sleep(50);
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        return;
                    }
                }
            });
            survivorWatch.setDaemon(true);
            assertTrue(driver.isAlive(), "the sweep is still running when the worker dies: " + result[0]);
            workers.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            survivorWatch.start();
            driver.join(TimeUnit.SECONDS.toMillis(300));
            assertTrue(!driver.isAlive(), "the sweep finishes");
            SparkLocalTest.Run r = result[0];
            assertEquals(0, r.code(), r.err());
            List<String> rows = SweepRows.comparable(local.resolve("fig4.csv"));
            assertEquals(40, rows.size());
            assertEquals(rows, SweepRows.comparable(out.resolve("fig4.csv")), "no cell lost or written twice");
            assertEquals(41, Files.readAllLines(cells).size(), "each cell listed once");
            JsonNode runner = Json.read(out.resolve("manifest.json")).get("runner");
            assertEquals(master, runner.get("master").asText());
            int ran = 0;
            for (JsonNode x : runner.get("executors")) {
                ran += x.get("cells").asInt();
            }
            assertEquals(40, ran, runner.toString());
            assertTrue(runner.get("executors").size() >= 2, "cells ran on both workers' executors: " + runner);
            assertTrue(executorCaches.size() >= 2, "each executor extracts native code into its own directory: "
                    + executorCaches);
        } finally {
            for (Process p : started) {
                p.destroyForcibly();
            }
            for (ProcessHandle h : executors) {
                h.destroyForcibly();
            }
            for (Process p : started) {
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    final SparkLocalTest.Run[] result = new SparkLocalTest.Run[1];

    static List<String> concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }

}
