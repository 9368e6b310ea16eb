package org.shortcuthessian.datasets;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.shortcuthessian.InvalidInputException;

/**
 * Reader of the IDX format of the MNIST and Fashion-MNIST files, raw or gzip-compressed (detected
 * from the first two bytes, not the file name).
 *
 * <p>Layout (big-endian): two zero bytes, a type byte (0x08 unsigned byte, 0x09 signed byte, 0x0B
 * short, 0x0C int, 0x0D float, 0x0E double), the rank r, r dimensions as 32-bit integers, then the
 * values in C order. The magic number of an MNIST image file is 2051 (0x00000803: unsigned bytes,
 * rank 3), of a label file 2049 (0x00000801: unsigned bytes, rank 1).
 */
public final class Idx {
    /** Magic of an unsigned-byte rank-3 file (images). */
    public static final int IMAGES_MAGIC = 0x0803;
    /** Magic of an unsigned-byte rank-1 file (labels). */
    public static final int LABELS_MAGIC = 0x0801;

    /** Values allocated before any data is read; the array grows as data arrives. */
    private static final int INITIAL_VALUES = 1 << 16;

    private Idx() {
    }

    /**
     * An IDX array: its shape and its values as doubles in C order.
     *
     * @param magic  the 32-bit magic number (type byte · 256 + rank)
     * @param shape  the dimensions
     * @param values the values, length = product of the shape
     */
    public record Array(int magic, int[] shape, double[] values) {
        /** @return the product of all dimensions but the first (e.g. pixels per image). */
        public int rowLength() {
            int p = 1;
            for (int i = 1; i < shape.length; i++) {
                p *= shape[i];
            }
            return p;
        }

        /** @return shape[0], the number of items. */
        public int count() {
            return shape[0];
        }
    }

    /**
     * Reads an IDX file, raw or gzip.
     *
     * @param file          the file
     * @param expectedMagic the magic the file must have (e.g. {@link #IMAGES_MAGIC}), or 0 for any valid type
     * @throws InvalidInputException naming the file: missing, wrong magic, truncated, trailing bytes, too large
     */
    public static Array read(Path file, int expectedMagic) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), expectedMagic);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(file + ": not readable (permission denied)");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Reads an IDX stream, raw or gzip; label names it in messages. The stream is read to its end but
     * not closed.
     */
    public static Array read(InputStream raw, String label, int expectedMagic) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(buffered), 1 << 16)
                    : buffered;
            return parse(new DataInputStream(in), label, expectedMagic);
        } catch (EOFException e) {
            throw new InvalidInputException(label + ": truncated (the file ends before its header says)");
        } catch (java.util.zip.ZipException e) {
            throw new InvalidInputException(label + ": corrupt gzip data: " + e.getMessage());
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Unexpected end of ZLIB input stream")) {
                throw new InvalidInputException(label + ": truncated gzip data");
            }
            throw new InvalidInputException(label + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Array parse(DataInputStream in, String label, int expectedMagic) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new InvalidInputException(label + ": empty or shorter than an IDX header");
        }
        int type = (magic >>> 8) & 0xff;
        int rank = magic & 0xff;
        if ((magic >>> 16) != 0 || elementSize(type) == 0 || rank == 0) {
            throw new InvalidInputException(label + ": not an IDX file (magic number " + magic + " = 0x"
                    + Integer.toHexString(magic) + ")");
        }
        if (expectedMagic != 0 && magic != expectedMagic) {
            throw new InvalidInputException(label + ": magic number " + magic + ", expected " + expectedMagic + " ("
                    + describe(expectedMagic) + ")");
        }
        int[] shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readInt();
            if (shape[i] < 0) {
                throw new InvalidInputException(label + ": dimension " + i + " is negative (" + shape[i] + ")");
            }
            count *= shape[i];
            if (count > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(label + ": shape " + Arrays.toString(shape) + " is too large");
            }
        }
        // The values array grows with the data actually read (at most doubling): a header that claims a huge
        // shape over a short file is refused as truncated, never allocated up front.
        int total = (int) count;
        double[] values = new double[Math.min(total, INITIAL_VALUES)];
        byte[] buf = new byte[1 << 16];
        int size = elementSize(type);
        int done = 0;
        while (done < total) {
            int want = Math.min(buf.length / size, total - done);
            int got = in.readNBytes(buf, 0, want * size);
            if (got < want * size) {
                throw new InvalidInputException(label + ": truncated: " + (done + got / size) + " of " + total
                        + " values present (shape " + Arrays.toString(shape) + ")");
            }
            if (done + want > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(total, Math.max(2L * values.length, done + want)));
            }
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf, 0, want * size); // big-endian by default
            for (int q = 0; q < want; q++) {
                values[done + q] = switch (type) {
                    case 0x08 -> bb.get() & 0xff;
                    case 0x09 -> bb.get();
                    case 0x0B -> bb.getShort();
                    case 0x0C -> bb.getInt();
                    case 0x0D -> bb.getFloat();
                    default -> bb.getDouble();
                };
            }
            done += want;
        }
        if (in.read() != -1) {
            throw new InvalidInputException(label + ": trailing bytes after the " + values.length
                    + " values of shape " + Arrays.toString(shape));
        }
        return new Array(magic, shape, values);
    }

    private static int elementSize(int type) {
        return switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> 0;
        };
    }

    private static String describe(int magic) {
        return magic == IMAGES_MAGIC ? "unsigned-byte images, rank 3"
                : magic == LABELS_MAGIC ? "unsigned-byte labels, rank 1" : "IDX type " + magic;
    }
}
