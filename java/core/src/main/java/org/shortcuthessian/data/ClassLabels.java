package org.shortcuthessian.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.io.NpyHeader;

/**
 * Integer class labels as NumPy users keep them, a {@code .npy} vector of shape (m,) of any integer dtype
 * ({@code <i8}, {@code <i4}, {@code |u1}, …, either byte order), and their one-hot encoding: label c of
 * sample j becomes the target e_c ∈ R^d (1 at row c, 0 elsewhere), so d classes need a network of dim d.
 */
public final class ClassLabels {
    private ClassLabels() {
    }

    /** @return whether a NumPy dtype descriptor is a (signed or unsigned) integer of 1, 2, 4 or 8 bytes. */
    public static boolean isIntegerDtype(String descr) {
        int k = !descr.isEmpty() && "<>|=".indexOf(descr.charAt(0)) >= 0 ? 1 : 0;
        return descr.length() == k + 2 && (descr.charAt(k) == 'i' || descr.charAt(k) == 'u')
                && "1248".indexOf(descr.charAt(k + 1)) >= 0;
    }

    /**
     * Reads the labels of a file whose header (from {@code Npy.readHeader}) has an integer dtype.
     *
     * @param classes d: every label must lie in 0 … d − 1
     * @return the m labels
     * @throws InvalidInputException naming the file: a shape other than (m,) with m ≥ 1, truncated data, or the
     *                               index and value of the first label outside 0 … d − 1
     */
    public static int[] read(Path file, NpyHeader header, int classes) {
        if (!isIntegerDtype(header.descr())) {
            throw new IllegalArgumentException(file + ": dtype " + header.descr() + " is not an integer type");
        }
        if (header.rank() != 1 || header.shape()[0] == 0) {
            throw new InvalidInputException(file + ": integer targets are class labels of shape (m,) with m ≥ 1, got "
                    + header.shapeString() + " (or give one-hot float64 targets of shape (m, " + classes + "))");
        }
        long m = header.shape()[0];
        int size = header.itemSize();
        if (m > Integer.MAX_VALUE / 8) {
            throw new InvalidInputException(file + ": " + m + " labels are too many");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) m * size).order(header.descr().charAt(0) == '>'
                ? ByteOrder.BIG_ENDIAN : header.descr().charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.nativeOrder());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(header.dataOffset());
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new InvalidInputException(file + ": truncated: shape " + header.shapeString() + " of "
                            + header.descr() + " needs " + m * size + " bytes of data, the file has "
                            + (buf.position()));
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        buf.flip();
        boolean unsigned = header.descr().indexOf('u') >= 0;
        int[] labels = new int[(int) m];
        for (int j = 0; j < labels.length; j++) {
            long v = switch (size) {
                case 1 -> unsigned ? Byte.toUnsignedLong(buf.get()) : buf.get();
                case 2 -> unsigned ? Short.toUnsignedLong(buf.getShort()) : buf.getShort();
                case 4 -> unsigned ? Integer.toUnsignedLong(buf.getInt()) : buf.getInt();
                default -> buf.getLong(); // an unsigned value ≥ 2⁶³ reads negative and is refused below
            };
            if (v < 0 || v >= classes) {
                throw new InvalidInputException(file + ": label " + (unsigned && v < 0 ? Long.toUnsignedString(v) : v)
                        + " at index " + j + " is not a class 0 … " + (classes - 1) + " (the model's dim d = "
                        + classes + " is the number of classes)");
            }
            labels[j] = (int) v;
        }
        return labels;
    }

    /**
     * @param labels  class of each sample, each in 0 … classes − 1 (not modified)
     * @param classes d
     * @return the one-hot targets, length m·d, sample j at [j·d, (j+1)·d) with 1 at j·d + labels[j] (the layout
     *         of {@link Dataset})
     */
    public static double[] oneHot(int[] labels, int classes) {
        double[] y = new double[labels.length * classes];
        for (int j = 0; j < labels.length; j++) {
            y[j * classes + labels[j]] = 1.0;
        }
        return y;
    }
}
