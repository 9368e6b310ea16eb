package org.shortcuthessian.curvature.matrixfree;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.bytedeco.javacpp.Pointer;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.data.SyntheticData;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.curvature.spectrum.SpectrumReport;
import org.shortcuthessian.curvature.spectrum.SpectrumRequest;
import org.shortcuthessian.curvature.spectrum.SpectrumMethod;
import org.shortcuthessian.curvature.spectrum.SpectrumSolver;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/**
 * Run in its own JVM by {@link MemoryTest} (so that -Xmx4g is the real limit): the top 10 eigenvalues and an
 * SLQ density of the d = 64, R = 32, n = 2 relu network on m = 2000 samples (N = 262 144; a dense Hessian would
 * be 550 GB), reporting the memory high-water marks as one line of JSON on stdout: the largest heap in use
 * after any garbage collection (the live data), the peak of JavaCPP's native allocations, and the process's
 * peak resident set (VmHWM).
 */
public final class MemoryHighWaterMark {
    private MemoryHighWaterMark() {
    }

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int probes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        AtomicLong liveAfterGc = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = 0;
                    for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                        used += u.getUsed();
                    }
                    liveAfterGc.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
        AtomicLong nativePeak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                nativePeak.accumulateAndGet(Pointer.totalBytes(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();

        NetworkSpec spec = new NetworkSpec(64, 32, 2, true, Activation.IDENTITY, Activation.RELU, Activation.IDENTITY);
        Curvature c = new Curvature(spec, SyntheticData.whitenedOneHot(64, 2000, 1, Backends.get()), Backends.get());
        double[] theta = Initialization.XAVIER.sample(spec, 1);
        long t0 = System.nanoTime();
        SpectrumReport top = SpectrumSolver.compute(c, theta, SpectrumRequest.of(SpectrumMethod.AUTO, 10, 0));
        long t1 = System.nanoTime();
        SpectrumReport slq = SpectrumSolver.compute(c, theta, SpectrumRequest.of(SpectrumMethod.AUTO, 0, 0)
                .withSlq(SlqOptions.defaults().withProbes(probes).withSteps(steps)));
        long t2 = System.nanoTime();
        System.gc();
        sampler.interrupt();
        long hwm = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                hwm = 1024L * Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        StringBuilder values = new StringBuilder();
        for (double v : top.eigenvalues()) {
            values.append(values.length() == 0 ? "" : ", ").append(v);
        }
        System.out.println(String.format(Locale.ROOT, "{\"parameters\": %d, \"top_method\": \"%s\", \"slq_method\": \"%s\","
                        + " \"top_converged\": %b, \"top_products\": %d, \"top_seconds\": %.1f, \"top_max_residual\": %.3g,"
                        + " \"slq_products\": %d, \"slq_seconds\": %.1f, \"live_heap_peak_bytes\": %d,"
                        + " \"javacpp_peak_bytes\": %d, \"vm_hwm_bytes\": %d, \"max_heap_bytes\": %d, \"top\": [%s]}",
                c.parameters(), top.method().jsonName(), slq.method().jsonName(), top.lanczos().allConverged(),
                top.products(), (t1 - t0) * 1e-9, top.lanczos().maxResidual(), slq.products(), (t2 - t1) * 1e-9,
                liveAfterGc.get(), nativePeak.get(), hwm, Runtime.getRuntime().maxMemory(), values));
    }
}
