package org.shortcuthessian.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;

/**
 * What an executor JVM sets up once, before its first cell: this is the application's code on the executor, so
 * it may set process-wide state. Native code: JavaCPP extracts OpenBLAS and the project's kernels into a cache
 * directory of this executor's own ({@value #CACHE_DIR_PROPERTY}, unless already set, e.g. by
 * {@code spark.executor.extraJavaOptions}), so executors sharing a machine never race on one cache; the directory
 * is deleted when the executor ends. Then one backend and one copy of each broadcast data set per JVM.
 */
final class ExecutorSide {
    /** JavaCPP's cache directory (where it extracts native libraries). */
    static final String CACHE_DIR_PROPERTY = "org.bytedeco.javacpp.cachedir";
    private static final Map<BackendKind, Backend> BACKENDS = new EnumMap<>(BackendKind.class);
    private static final Map<Long, Dataset> DATA = new ConcurrentHashMap<>();

    private ExecutorSide() {
    }

    /** @return this JVM's backend of the kind the driver used (set up once; the cache directory first). */
    static synchronized Backend backend(BackendKind kind) {
        Backend b = BACKENDS.get(kind);
        if (b == null) {
            if (kind != BackendKind.JAVA && System.getProperty(CACHE_DIR_PROPERTY) == null) {
                System.setProperty(CACHE_DIR_PROPERTY, ownCacheDirectory().toString());
            }
            b = Backends.of(kind);
            BACKENDS.put(kind, b);
        }
        return b;
    }

    /** @return the data of a broadcast, rebuilt once per JVM. */
    static Dataset data(long broadcastId, SharedData shared) {
        return DATA.computeIfAbsent(broadcastId, id -> shared.dataset());
    }

    private static Path ownCacheDirectory() {
        SparkEnv env = SparkEnv.get();
        String executor = env == null ? "driver" : env.executorId();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "shortcut-hessian-javacpp",
                "executor-" + executor.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + ProcessHandle.current().pid());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "javacpp-cache-cleanup"));
        return dir;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
