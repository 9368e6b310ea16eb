package org.shortcuthessian;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project version, from the jar's resources. */
public final class Version {
    private Version() {
    }

    /** @return e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown}. */
    public static String get() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/org/shortcuthessian/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
