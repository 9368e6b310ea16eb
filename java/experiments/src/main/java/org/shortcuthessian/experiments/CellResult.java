package org.shortcuthessian.experiments;

import java.util.List;
import java.util.Map;

/**
 * What one cell produced.
 *
 * @param rows           its CSV rows (column → value)
 * @param eigenSeconds   summed time of its LAPACK eigenvalue calls
 * @param hessianSeconds summed time of its Hessian assemblies
 */
public record CellResult(List<Map<String, Object>> rows, double eigenSeconds, double hessianSeconds) {
}
