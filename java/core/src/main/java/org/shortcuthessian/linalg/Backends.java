package org.shortcuthessian.linalg;

import java.util.EnumMap;
import java.util.Map;
import org.shortcuthessian.linalg.openblas.OpenBlasBackend;
import org.shortcuthessian.linalg.purejava.JavaBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and holds the backends, as netlib-java's {@code BLAS.getInstance()} does: the default is
 * chosen once, on first use, and logged (SLF4J, debug level). It is the native backend if OpenBLAS and the
 * project's kernels load, else the pure-Java one (logged as a warning, never silent). The system property
 * {@value #PROPERTY} ({@code auto}, {@code native}, {@code java}) overrides the choice; a request for
 * the native backend that cannot be met throws {@link BackendUnavailableException}.
 */
public final class Backends {
    /** System property read (never written) to choose the default backend. */
    public static final String PROPERTY = "shortcut.hessian.backend";

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    private static final Map<BackendKind, Backend> INSTANCES = new EnumMap<>(BackendKind.class);
    private static Throwable nativeLoadError;
    private static volatile Backend defaultBackend;

    private Backends() {
    }

    /** @return the default backend (chosen once: property {@value #PROPERTY}, else auto). */
    public static Backend get() {
        Backend b = defaultBackend;
        if (b == null) {
            synchronized (Backends.class) {
                b = defaultBackend;
                if (b == null) {
                    String requested = System.getProperty(PROPERTY, "auto");
                    b = of(BackendKind.parse(requested));
                    LOG.debug("backend: {}", b.description());
                    defaultBackend = b;
                }
            }
        }
        return b;
    }

    /**
     * @return the backend of the given kind; AUTO means native if it loads, else Java (with a warning)
     * @throws BackendUnavailableException if NATIVE is asked for and cannot load, with the reason
     */
    public static synchronized Backend of(BackendKind kind) {
        switch (kind) {
            case JAVA:
                return INSTANCES.computeIfAbsent(BackendKind.JAVA, k -> new JavaBackend());
            case NATIVE: {
                Backend b = loadNative();
                if (b == null) {
                    throw new BackendUnavailableException("the native backend (OpenBLAS and the shortcut-hessian kernels)"
                            + " cannot be loaded on this machine (" + System.getProperty("os.name") + ", "
                            + System.getProperty("os.arch") + "): " + nativeLoadError, nativeLoadError);
                }
                return b;
            }
            default: {
                Backend b = loadNative();
                if (b != null) {
                    return b;
                }
                LOG.warn("native backend unavailable ({}); using the pure-Java backend", String.valueOf(nativeLoadError));
                return of(BackendKind.JAVA);
            }
        }
    }

    /** @return true if the native backend loads here. */
    public static synchronized boolean nativeAvailable() {
        return loadNative() != null;
    }

    private static Backend loadNative() {
        Backend b = INSTANCES.get(BackendKind.NATIVE);
        if (b == null && nativeLoadError == null) {
            try {
                b = new OpenBlasBackend();
                INSTANCES.put(BackendKind.NATIVE, b);
            } catch (LinkageError | RuntimeException e) {
                nativeLoadError = e;
            }
        }
        return b;
    }
}
