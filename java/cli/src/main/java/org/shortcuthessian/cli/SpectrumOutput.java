package org.shortcuthessian.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.shortcuthessian.curvature.spectrum.SpectrumReport;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.linalg.Backend;

/**
 * The files of a spectrum: eigenvalues.npy (ascending; when there are eigenvalues), eigenvectors.npy (when
 * computed) and stats.json, in the one form {@link SpectrumReport#toJson} writes.
 */
final class SpectrumOutput {
    private SpectrumOutput() {
    }

    /**
     * Stages the files in dir; returns the stats.json object.
     *
     * @param requested the --method value as given
     * @param extra     keys added at the end of stats.json (e.g. where the Hessian came from)
     */
    static ObjectNode write(OutputDirectory dir, SpectrumReport r, String requested, Backend backend, ObjectNode extra) {
        if (r.eigenvalues().length > 0 || r.complete()) {
            Npy.writeVector(dir.stage("eigenvalues.npy"), r.eigenvalues());
        }
        if (r.vectors() != null) {
            Npy.writeMatrix(dir.stage("eigenvectors.npy"), r.vectors());
        }
        ObjectNode stats = r.toJson(requested, backend);
        stats.setAll(extra);
        Json.write(dir.stage("stats.json"), stats);
        return stats;
    }
}
