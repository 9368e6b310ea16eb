package org.shortcuthessian.cli;

import java.nio.file.Path;
import org.shortcuthessian.linalg.EigenvalueMethod;
import picocli.CommandLine.Option;

/** Options shared by the commands that write results. */
final class OutputOptions {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if needed).",
            converter = Converters.OutputDirectories.class)
    Path out;

    @Option(names = "--eigensolver", paramLabel = "auto|dsyevd|dsyev_2stage|dsyevr", defaultValue = "auto",
            converter = MethodConverter.class,
            description = "LAPACK routine for eigenvalues only (default: ${DEFAULT-VALUE}: chosen by size).")
    EigenvalueMethod method;

    /** Converts --eigensolver values with a clear message. */
    public static final class MethodConverter implements picocli.CommandLine.ITypeConverter<EigenvalueMethod> {
        @Override
        public EigenvalueMethod convert(String value) {
            return EigenvalueMethod.parse(value);
        }
    }
}
