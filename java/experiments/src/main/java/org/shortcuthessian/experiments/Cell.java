package org.shortcuthessian.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One independent unit of a sweep (a network, an initialization, a seed, a learning rate…).
 *
 * @param params its parameters in column order; they identify it and start each of its CSV rows
 * @param denseN N of the dense Hessians it computes (0 if none): its memory, and whether several BLAS threads
 *               can pay for it ({@link LocalCells})
 * @param cost   relative cost estimate, for ordering and the progress estimate
 */
public record Cell(Map<String, Object> params, int denseN, double cost) {
    public Cell {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** @return a parameter as an int. */
    public int intParam(String name) {
        return ((Number) params.get(name)).intValue();
    }

    /** @return a parameter as a double. */
    public double doubleParam(String name) {
        return ((Number) params.get(name)).doubleValue();
    }

    /** @return a parameter as text. */
    public String param(String name) {
        return String.valueOf(params.get(name));
    }

    /** @return a new row that starts with this cell's parameters. */
    public Map<String, Object> row() {
        return new LinkedHashMap<>(params);
    }
}
