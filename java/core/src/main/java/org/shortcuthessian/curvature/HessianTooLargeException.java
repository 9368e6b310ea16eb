package org.shortcuthessian.curvature;

import org.shortcuthessian.InvalidInputException;

/** A dense N×N Hessian would not fit in the memory this JVM and machine can give; refused up front. */
public class HessianTooLargeException extends InvalidInputException {
    private final long parameters;
    private final long bytesNeeded;
    private final long bytesAvailable;

    public HessianTooLargeException(long parameters, long bytesNeeded, long bytesAvailable) {
        super(String.format(java.util.Locale.ROOT,
                "a dense Hessian of N = %d parameters needs %s (8·N² bytes), but only %s can be had here;"
                        + " use the matrix-free Hessian-vector product instead (Curvature.hvp; Lanczos/SLQ for spectra)",
                parameters, human(bytesNeeded), human(bytesAvailable)));
        this.parameters = parameters;
        this.bytesNeeded = bytesNeeded;
        this.bytesAvailable = bytesAvailable;
    }

    public long parameters() {
        return parameters;
    }

    public long bytesNeeded() {
        return bytesNeeded;
    }

    public long bytesAvailable() {
        return bytesAvailable;
    }

    /** @return bytes as e.g. "1.5 GiB", "12.0 MiB" or "512 bytes", for messages. */
    public static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return bytes + " bytes";
    }
}
