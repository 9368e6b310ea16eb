package org.shortcuthessian.datasets;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
public final class IdxFiles {
    private IdxFiles() {
    }

    /** @return the bytes of an unsigned-byte IDX file with this magic, shape and values. */
    public static byte[] bytes(int magic, int[] shape, int[] values) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(magic);
        for (int s : shape) {
            out.writeInt(s);
        }
        for (int v : values) {
            out.writeByte(v);
        }
        out.flush();
        return b.toByteArray();
    }

    /** Writes bytes to file, gzip-compressed if gzip. */
    public static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    /**
     * An IDX directory of m images of side×side pixels (a smooth random pattern plus noise, full rank)
     * with labels j mod classes.
     */
    public static Path directory(Path dir, int m, int side, int classes, long seed) throws IOException {
        Files.createDirectories(dir);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        int p = side * side;
        int[] pix = new int[m * p];
        int[] labels = new int[m];
        for (int j = 0; j < m; j++) {
            labels[j] = j % classes;
            for (int i = 0; i < p; i++) {
                pix[j * p + i] = Math.min(255, (int) (40 * labels[j] % 200 + rnd.nextInt(56) + i % 7));
            }
        }
        write(dir.resolve("train-images-idx3-ubyte.gz"), bytes(Idx.IMAGES_MAGIC, new int[] {m, side, side}, pix), true);
        write(dir.resolve("train-labels-idx1-ubyte"), bytes(Idx.LABELS_MAGIC, new int[] {m}, labels), false);
        return dir;
    }
}
