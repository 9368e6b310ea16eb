package org.shortcuthessian.cli;

import org.shortcuthessian.linalg.EigenvalueMethod;
import picocli.CommandLine.Option;

/** Options shared by the commands that write results: the output directory and the eigensolver. */
class OutputOptions extends OutputDirectoryOptions {
    @Option(names = "--eigensolver", paramLabel = "ROUTINE", defaultValue = "auto",
            converter = MethodConverter.class,
            description = "LAPACK routine for eigenvalues only: auto, dsyevd, dsyev_2stage or dsyevr"
                    + " (default: ${DEFAULT-VALUE}: chosen by size).")
    EigenvalueMethod method;

    /** Converts --eigensolver values with a clear message. */
    public static final class MethodConverter implements picocli.CommandLine.ITypeConverter<EigenvalueMethod> {
        @Override
        public EigenvalueMethod convert(String value) {
            return EigenvalueMethod.parse(value);
        }
    }
}
