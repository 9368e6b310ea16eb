package org.shortcuthessian.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.InvalidInputException;

/**
 * An output directory written all or nothing: each file is written under a temporary name
 * ({@code .NAME.partial-PID}) in the directory, and {@link #commit()} renames them all to their final
 * names once every one is complete. {@link #close()} without a commit deletes the temporary files, so
 * a failed run leaves no partial outputs.
 */
public final class OutputDirectory implements AutoCloseable {
    private final Path dir;
    private final Map<Path, Path> staged = new LinkedHashMap<>();
    private boolean committed;

    private OutputDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens (creating it and its parents if needed) an output directory and checks that it can be
     * written, before any work is done.
     *
     * @throws InvalidInputException naming the directory if it cannot be created or written
     */
    public static OutputDirectory open(Path dir) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new InvalidInputException(dir + ": output path exists and is not a directory");
            }
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".probe-", ".tmp");
            Files.delete(probe);
        } catch (FileAlreadyExistsException | NoSuchFileException e) {
            throw new InvalidInputException(dir + ": cannot create output directory (" + e.getFile()
                    + " is not a directory)");
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": output directory is not writable (" + e.getMessage() + ")");
        }
        return new OutputDirectory(dir);
    }

    /** @return the directory. */
    public Path dir() {
        return dir;
    }

    /**
     * @param name final file name inside the directory
     * @return the temporary path to write that file to; it becomes {@code dir/name} on commit
     */
    public Path stage(String name) {
        Path target = dir.resolve(name);
        Path tmp = dir.resolve("." + name + ".partial-" + ProcessHandle.current().pid());
        staged.put(target, tmp);
        return tmp;
    }

    /** Renames every staged file to its final name (atomically where the file system allows). */
    public void commit() {
        List<Path> done = new ArrayList<>();
        try {
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                try {
                    Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING);
                }
                done.add(e.getKey());
            }
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": could not write outputs (" + e.getMessage() + ")", e);
        }
        committed = true;
    }

    /** Deletes temporary files left by a run that did not commit. */
    @Override
    public void close() {
        if (!committed) {
            for (Path tmp : staged.values()) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: nothing else can be done about a file we cannot delete
                }
            }
        }
    }
}
