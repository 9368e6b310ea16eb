package org.shortcuthessian.io;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.shortcuthessian.InvalidInputException;

/**
 * An output directory written all or nothing: each file is written under a temporary name
 * ({@code .NAME.partial-PID}) in the directory, and {@link #commit()} renames them all to their final
 * names once every one is complete. {@link #close()} without a commit deletes the temporary files, so
 * a failed run leaves no partial outputs. Staging files of processes that died (kill -9, a crash) are
 * removed by the next {@link #open}: their PID is no longer alive on this host.
 *
 * <p>{@link #lock()} makes the directory exclusive: an OS file lock on {@value #LOCK_FILE} in it, which
 * the operating system releases when the process ends however it ends; a second writer is refused,
 * naming the holder (PID, host and start time, written in the lock file).
 */
public final class OutputDirectory implements AutoCloseable {
    /** The lock file's name inside a locked directory (it stays after the run; its lock does not). */
    public static final String LOCK_FILE = ".shortcut-hessian.lock";
    private static final Pattern STAGING = Pattern.compile("\\..+\\.partial-(\\d+)");
    private final Path dir;
    private final Map<Path, Path> staged = new LinkedHashMap<>();
    private boolean committed;
    private FileChannel lockChannel;
    private FileLock lock;

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
            removeStaleStagingFiles(dir);
        } catch (FileAlreadyExistsException | NoSuchFileException e) {
            throw new InvalidInputException(dir + ": cannot create output directory (" + e.getFile()
                    + " is not a directory)");
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": output directory is not writable (" + e.getMessage() + ")");
        }
        return new OutputDirectory(dir);
    }

    /**
     * Deletes the staging files ({@code .NAME.partial-PID}) in dir whose process is no longer alive.
     *
     * @return the files deleted
     */
    public static List<Path> removeStaleStagingFiles(Path dir) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = STAGING.matcher(f.getFileName().toString());
                if (m.matches() && !alive(m.group(1)) && Files.deleteIfExists(f)) {
                    removed.add(f);
                }
            }
        }
        return removed;
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not a PID we can judge: leave the file alone
        }
    }

    /**
     * Takes the directory's exclusive lock until {@link #close()} (or the end of the process): an OS lock on
     * {@value #LOCK_FILE}, whose text then names this process (pid, host, start time).
     *
     * @return this
     * @throws InvalidInputException naming the holder if another process (or another run in this process)
     *                               holds the lock
     */
    public OutputDirectory lock() {
        if (lock != null) {
            return this;
        }
        Path file = dir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // another run in this JVM holds it
            }
            if (l == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                throw new InvalidInputException(dir + ": in use by another run (" + (holder.isEmpty() ? "holder unknown"
                        : holder) + "); wait for it to finish, or write elsewhere");
            }
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "unknown host";
            }
            String me = "pid " + ProcessHandle.current().pid() + " on " + host + ", started " + Instant.now();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            lockChannel = channel;
            lock = l;
            return this;
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot lock the output directory (" + e.getMessage() + ")");
        } finally {
            if (lock == null && channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing was locked
                }
            }
        }
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

    /** Deletes temporary files left by a run that did not commit, then releases the lock. */
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
        if (lockChannel != null) {
            try {
                lockChannel.close(); // releases the lock; the file stays (deleting it would race with the next run)
            } catch (IOException ignored) {
                // the OS releases the lock when the process ends anyway
            }
            lockChannel = null;
            lock = null;
        }
    }
}
