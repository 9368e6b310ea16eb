package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.shortcuthessian.InvalidInputException;

/**
 * One of k deterministic parts of a grid, for batch schedulers (a Slurm job array, Kubernetes jobs, GNU
 * parallel): shard i of k runs its cells into its own directory, and {@link Merge} combines the k
 * directories into the files of one run.
 *
 * <p>The cells are dealt by cost, longest first, each to the shard with the least cost so far (ties: the
 * lowest index), so the shards take about the same time; the deal depends only on the grid.
 *
 * @param index i, 1…count
 * @param count k ≥ 1
 */
public record Shard(int index, int count) {
    /** The whole grid (one shard of one). */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw InvalidInputException.ofField("shard", index + "/" + count + " (must be i/k with 1 ≤ i ≤ k)");
        }
    }

    /**
     * @param text {@code i/k}
     * @throws InvalidInputException naming the field {@code shard}
     */
    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw InvalidInputException.ofField("shard", "'" + text + "' (expected i/k, e.g. 2/3)");
    }

    /** @return whether this is the whole grid. */
    public boolean isAll() {
        return count == 1;
    }

    /** @return the cells of the grid in this shard, in grid order. */
    public List<Cell> select(List<Cell> grid) {
        if (isAll()) {
            return grid;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> grid.get(i).cost()).reversed().thenComparing(i -> i));
        double[] load = new double[count];
        boolean[] mine = new boolean[grid.size()];
        for (int i : order) {
            int best = 0;
            for (int s = 1; s < count; s++) {
                if (load[s] < load[best]) {
                    best = s;
                }
            }
            load[best] += grid.get(i).cost();
            mine[i] = best == index - 1;
        }
        List<Cell> out = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            if (mine[i]) {
                out.add(grid.get(i));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
