package org.shortcuthessian.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import org.shortcuthessian.curvature.matrixfree.Probe;
import org.shortcuthessian.curvature.matrixfree.Reorthogonalization;
import org.shortcuthessian.curvature.spectrum.SpectrumMethod;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters and completion candidates of the typed options: each names the accepted values in
 * its message (picocli prefixes the option), and lists them for shell completion.
 */
final class Converters {
    private Converters() {
    }

    /** The lower-case names of an enum's constants, for completion. */
    abstract static class Names implements Iterable<String> {
        private final Enum<?>[] values;

        Names(Enum<?>[] values) {
            this.values = values;
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).iterator();
        }
    }

    static TypeConversionException bad(IllegalArgumentException e) {
        return new TypeConversionException(e.getMessage());
    }

    /** --out: a directory path; an empty one (which would mean the current directory) is refused. */
    static final class OutputDirectories implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("empty path (name the directory to write to, e.g. --out results;"
                        + " --out . for the current directory)");
            }
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new TypeConversionException("'" + value + "' is not a valid path (" + e.getReason() + ")");
            }
        }
    }

    static final class SpectrumMethods implements ITypeConverter<SpectrumMethod> {
        @Override
        public SpectrumMethod convert(String value) {
            try {
                return SpectrumMethod.parse(value);
            } catch (IllegalArgumentException e) {
                throw bad(e);
            }
        }
    }

    static final class SpectrumMethodNames extends Names {
        SpectrumMethodNames() {
            super(SpectrumMethod.values());
        }
    }

    static final class Reorthogonalizations implements ITypeConverter<Reorthogonalization> {
        @Override
        public Reorthogonalization convert(String value) {
            try {
                return Reorthogonalization.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("unknown value '" + value + "' (expected full or selective)");
            }
        }
    }

    static final class ReorthogonalizationNames extends Names {
        ReorthogonalizationNames() {
            super(Reorthogonalization.values());
        }
    }

    static final class Activations implements ITypeConverter<Activation> {
        @Override
        public Activation convert(String value) {
            try {
                return Activation.parse(value);
            } catch (IllegalArgumentException e) {
                throw bad(e);
            }
        }
    }

    static final class ActivationNames extends Names {
        ActivationNames() {
            super(Activation.values());
        }
    }

    static final class Initializations implements ITypeConverter<Initialization> {
        @Override
        public Initialization convert(String value) {
            try {
                return Initialization.parse(value);
            } catch (IllegalArgumentException e) {
                throw bad(e);
            }
        }
    }

    static final class InitializationNames extends Names {
        InitializationNames() {
            super(Initialization.values());
        }
    }

    static final class Probes implements ITypeConverter<Probe> {
        @Override
        public Probe convert(String value) {
            try {
                return Probe.parse(value);
            } catch (IllegalArgumentException e) {
                throw bad(e);
            }
        }
    }

    static final class ProbeNames extends Names {
        ProbeNames() {
            super(Probe.values());
        }
    }
}
