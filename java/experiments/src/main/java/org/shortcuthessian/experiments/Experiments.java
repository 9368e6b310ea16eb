package org.shortcuthessian.experiments;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.InvalidInputException;

/**
 * The paper's experiments by name ({@code fig3} … {@code fig8}; {@code fig2} and {@code fig9} are analogues;
 * {@code zero-point} measures where Theorem 2 holds near zero), and what they share.
 *
 * <pre>{@code
 * Sweep.Summary s = Sweep.run(Experiments.get("fig4"), ExperimentOptions.defaults(true), Path.of("out/fig4"),
 *         false, backend, BlasThreads.fixed(backend), new Sweep.Listener() { });
 * }</pre>
 */
public final class Experiments {
    private static final Map<String, Experiment> ALL = new LinkedHashMap<>();

    static {
        for (Experiment e : List.of(new Fig2(), new Fig3(), new Fig4(), new Fig5(), new Fig6(), new Fig7(false),
                new Fig7(true), new Fig9(), new ZeroPointSweep())) {
            ALL.put(e.name(), e);
        }
    }

    private Experiments() {
    }

    /** @return every experiment, in figure order. */
    public static List<Experiment> all() {
        return List.copyOf(ALL.values());
    }

    /**
     * @return the experiment with this name
     * @throws InvalidInputException naming the unknown name and the known ones
     */
    public static Experiment get(String name) {
        Experiment e = ALL.get(name);
        if (e == null) {
            throw new InvalidInputException("unknown experiment '" + name + "' (expected one of "
                    + String.join(", ", ALL.keySet()) + ")");
        }
        return e;
    }
}
