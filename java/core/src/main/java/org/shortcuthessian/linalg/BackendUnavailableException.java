package org.shortcuthessian.linalg;

/** The requested backend cannot be used here (e.g. the native libraries do not load on this platform). */
public class BackendUnavailableException extends RuntimeException {
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
