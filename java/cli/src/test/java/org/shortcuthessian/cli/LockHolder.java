package org.shortcuthessian.cli;

import java.nio.file.Path;
import org.shortcuthessian.io.OutputDirectory;

/** A second process for the lock tests: locks the directory args[0], says "locked", holds it until stdin closes. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (OutputDirectory dir = OutputDirectory.open(Path.of(args[0])).lock()) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the parent closes our stdin (or kills us)
            }
        }
    }
}
