package org.shortcuthessian.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.io.OutputDirectory;
import picocli.CommandLine.Option;

/**
 * The output directory of a command, {@code --out DIR}, and the one rule of every command for an existing
 * one: a directory that exists and is not empty is refused unless {@code --overwrite} is given (then files
 * of the same names are replaced and other files are left alone). {@code reproduce} also accepts
 * {@code --resume}.
 */
class OutputDirectoryOptions {
    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory (created if needed; one that exists and is not empty only with --overwrite).",
            converter = Converters.OutputDirectories.class)
    Path out;

    @Option(names = "--overwrite",
            description = "Write into an existing non-empty --out: files of the same names are replaced, others kept.")
    boolean overwrite;

    /**
     * Applies the rule, then opens the directory for all-or-nothing output.
     *
     * @throws InvalidInputException naming the directory if it exists, is not empty and --overwrite was not given
     */
    OutputDirectory open() {
        requireWritable(false, false);
        return OutputDirectory.open(out);
    }

    /**
     * The rule alone: throws unless --out is absent or empty, or --overwrite or --resume was given.
     *
     * @param resumable whether the command can continue a run in --out (the message then offers --resume)
     * @param resume    whether it was asked to
     */
    void requireWritable(boolean resumable, boolean resume) {
        if (overwrite || resume || !nonEmptyDirectory(out)) {
            return;
        }
        throw new InvalidInputException(out + ": exists and is not empty (pass --overwrite to replace its files"
                + (resumable ? ", --resume to continue the run in it," : "") + " or choose another --out)");
    }

    /**
     * @return whether path is a directory with at least one entry other than the tool's own hidden bookkeeping (a
     *         results directory's lock file, staging files of interrupted runs: names starting with a dot)
     */
    static boolean nonEmptyDirectory(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.anyMatch(p -> !p.getFileName().toString().startsWith("."));
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot list the output directory (" + e.getMessage() + ")", e);
        }
    }
}
