package org.shortcuthessian.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.shortcuthessian.InvalidInputException;

/**
 * Images with class labels, as in the MNIST and Fashion-MNIST IDX files: m images of p pixels each
 * (row-major per image, raw values as stored, e.g. 0–255) and m labels 0…classes−1.
 *
 * @param source what the images were read from (for manifests and messages)
 * @param pixels length m·p, image j at [j·p, (j+1)·p)
 * @param width  p, pixels per image
 * @param labels length m
 */
public record LabeledImages(String source, double[] pixels, int width, int[] labels) {
    /** Resource folder of the built-in 10 000 MNIST digits (see its README.md for provenance). */
    public static final String BUILTIN_RESOURCE = "/org/shortcuthessian/datasets/mnist-10k/";
    /** Name of the built-in data set on the command line. */
    public static final String BUILTIN = "mnist-10k";

    /** @return m. */
    public int count() {
        return labels.length;
    }

    /** @return the number of classes: 1 + the largest label. */
    public int classes() {
        int max = 0;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        return max + 1;
    }

    /** @return the first m images (this if m ≥ count). */
    public LabeledImages prefix(int m) {
        if (m >= count()) {
            return this;
        }
        if (m < 1) {
            throw new IllegalArgumentException("prefix: m = " + m);
        }
        return new LabeledImages(source + " (first " + m + ")", java.util.Arrays.copyOf(pixels, m * width), width,
                java.util.Arrays.copyOf(labels, m));
    }

    /** The 10 000 MNIST digits shipped in the jar. */
    public static LabeledImages builtin() {
        try (InputStream images = LabeledImages.class.getResourceAsStream(BUILTIN_RESOURCE + "images-idx3-ubyte.gz");
             InputStream labels = LabeledImages.class.getResourceAsStream(BUILTIN_RESOURCE + "labels-idx1-ubyte.gz")) {
            if (images == null || labels == null) {
                throw new IllegalStateException("the built-in MNIST resources are missing from the class path");
            }
            return of(BUILTIN, Idx.read(images, BUILTIN + "/images-idx3-ubyte.gz", Idx.IMAGES_MAGIC),
                    Idx.read(labels, BUILTIN + "/labels-idx1-ubyte.gz", Idx.LABELS_MAGIC),
                    BUILTIN + "/labels-idx1-ubyte.gz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an image file and a label file (IDX, raw or gzip). */
    public static LabeledImages read(Path images, Path labels) {
        return of(images.toString(), Idx.read(images, Idx.IMAGES_MAGIC), Idx.read(labels, Idx.LABELS_MAGIC),
                labels.toString());
    }

    /**
     * Reads the images and labels of an IDX directory: the files whose names contain "images" and
     * "idx3" (resp. "labels" and "idx1"); where there are several (train and t10k), those starting with
     * "train".
     */
    public static LabeledImages readDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": not a directory (expected an IDX directory, '" + BUILTIN
                    + "' or 'synthetic')");
        }
        return read(find(dir, "images", "idx3"), find(dir, "labels", "idx1"));
    }

    private static Path find(Path dir, String kind, String idx) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.contains(kind) && n.contains(idx) && Files.isRegularFile(p);
            }).sorted().forEach(found::add);
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list: " + e.getMessage());
        }
        if (found.size() > 1) {
            List<Path> train = found.stream()
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).startsWith("train")).toList();
            if (train.size() == 1) {
                return train.get(0);
            }
        }
        if (found.size() != 1) {
            throw new InvalidInputException(dir + ": " + (found.isEmpty() ? "no" : found.size()) + " *" + kind + "*"
                    + idx + "* file" + (found.isEmpty() ? "" : "s: " + found) + " (expected exactly one)");
        }
        return found.get(0);
    }

    private static LabeledImages of(String source, Idx.Array images, Idx.Array labels, String labelsName) {
        if (images.count() != labels.count()) {
            throw new InvalidInputException(labelsName + ": " + labels.count() + " labels for " + images.count()
                    + " images in " + source + " (the counts must match)");
        }
        if (images.count() == 0) {
            throw new InvalidInputException(source + ": no images");
        }
        int[] l = new int[labels.count()];
        double[] v = labels.values();
        for (int j = 0; j < l.length; j++) {
            if (v[j] < 0 || v[j] > 255 || v[j] != Math.rint(v[j])) {
                throw new InvalidInputException(labelsName + ": label " + v[j] + " at index " + j
                        + " (expected an integer class 0…255)");
            }
            l[j] = (int) v[j];
        }
        return new LabeledImages(source, images.values(), images.rowLength(), l);
    }
}
