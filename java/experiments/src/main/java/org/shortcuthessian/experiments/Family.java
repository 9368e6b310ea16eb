package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/**
 * A family of networks in a figure: an initialization and a shortcut length n (0 for a plain network),
 * at any depth. Plain networks are built of 2-layer units without the shortcut, so a relu at mid sits
 * at the same positions as in the 2-shortcut network (for linear networks the grouping changes nothing).
 *
 * @param init     the initialization
 * @param shortcut n, or 0 for a plain network
 */
public record Family(Initialization init, int shortcut) {
    /** The paper's three: Xavier plain, orthogonal plain, small-init 2-shortcut. */
    public static final List<Family> PAPER = List.of(new Family(Initialization.XAVIER, 0),
            new Family(Initialization.ORTHOGONAL, 0), new Family(Initialization.SMALL, 2));
    /** The paper's three and the small-init 1- and 3-shortcut networks. */
    public static final List<Family> WITH_SHORTCUTS = List.of(PAPER.get(0), PAPER.get(1), PAPER.get(2),
            new Family(Initialization.SMALL, 1), new Family(Initialization.SMALL, 3));

    /** @return the unit length: n, or 2 for plain networks. */
    public int unitLength() {
        return shortcut == 0 ? 2 : shortcut;
    }

    /** @return the depths (R·n weight layers) of this family nearest to the requested ones: R = max(1, round(L/n)), distinct. */
    public List<Integer> depths(List<Integer> requested) {
        List<Integer> out = new ArrayList<>();
        int n = unitLength();
        for (int l : requested) {
            int r = Math.max(1, (int) Math.round(l / (double) n));
            if (!out.contains(r * n)) {
                out.add(r * n);
            }
        }
        return out;
    }

    /**
     * The depths of this family in an experiment: the user's depths exactly (each must be a multiple of the unit
     * length, nothing is rounded), or the experiment's defaults rounded by {@link #depths(List)}.
     *
     * @param defaults the experiment's depths, used when {@code options.depths()} is null
     * @throws InvalidInputException for field depths, naming the index, when a given depth is not a multiple of
     *                               the unit length
     */
    public List<Integer> depths(ExperimentOptions options, List<Integer> defaults) {
        List<Integer> given = options.depths();
        if (given == null) {
            return depths(defaults);
        }
        int n = unitLength();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            int l = given.get(i);
            if (l % n != 0) {
                throw InvalidInputException.ofField("depths", l + " at index " + i + " is not a multiple of " + n
                        + ", the weight layers of one unit of the " + label() + " networks (a depth counts weight"
                        + " layers R·n; it is not rounded)");
            }
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        return out;
    }

    /** @return the network of this family with depth weight layers (a multiple of the unit length). */
    public NetworkSpec spec(int dim, int depth, Activation mid) {
        int n = unitLength();
        if (depth % n != 0) {
            throw new IllegalArgumentException("depth " + depth + " is not a multiple of " + n);
        }
        return new NetworkSpec(dim, depth / n, n, shortcut > 0, Activation.IDENTITY, mid, Activation.IDENTITY);
    }

    /** @return e.g. {@code small 2-shortcut} or {@code xavier plain}. */
    public String label() {
        return init.name().toLowerCase(java.util.Locale.ROOT) + (shortcut == 0 ? " plain" : " " + shortcut + "-shortcut");
    }

    /** @return the CSV value of the init column. */
    public String initName() {
        return init.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Puts this family's cell parameters, {@code init}, {@code shortcut} and {@code depth}, into params (in
     * that order; {@link #of(Cell)} reads them back).
     */
    public void putParams(Map<String, Object> params, int depth) {
        params.put("init", initName());
        params.put("shortcut", shortcut);
        params.put("depth", depth);
    }

    /** @return the family of a cell from its init and shortcut parameters. */
    static Family of(Cell cell) {
        return new Family(Initialization.parse(cell.param("init")), cell.intParam("shortcut"));
    }
}
