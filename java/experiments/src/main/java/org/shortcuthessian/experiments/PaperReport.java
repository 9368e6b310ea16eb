package org.shortcuthessian.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.network.Initialization;

/**
 * {@code REPORT.md} of a directory of reproduced experiments ({@code DIR/NAME/NAME.csv} and
 * {@code DIR/NAME/manifest.json} for each experiment run, as {@code reproduce all} writes them): for each claim of the
 * paper, the numbers measured in those CSVs, a verdict by a rule stated beside it, and the plots. Everything in the
 * report is computed from the files: run it again on the same directory and it is the same, byte for byte.
 */
public final class PaperReport {
    /** The report's file name, beside the experiments' directories. */
    public static final String FILE = "REPORT.md";

    /** How a claim fared. */
    public enum Verdict {
        REPRODUCED("reproduced"), PARTLY("partly reproduced"), NOT_REPRODUCED("not reproduced"), NOT_RUN("not run");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** @return the verdict as the report writes it */
        public String text() {
            return text;
        }
    }

    /**
     * One claim of the paper and what the results say of it.
     *
     * @param experiment the experiment whose results decide it (its directory under DIR)
     * @param paper      the claim, as the paper makes it
     * @param rule       the rule that turns the numbers into the verdict
     * @param measured   the numbers (Markdown)
     * @param verdict    the verdict
     */
    public record Claim(String experiment, String paper, String rule, String measured, Verdict verdict) {
    }

    /**
     * A claim's check: the rows of one file of the experiment's directory in (NAME.csv unless named), the measured
     * numbers and the verdict out.
     */
    record Check(String experiment, String file, String paper, String rule,
                 Function<List<Map<String, String>>, Result> evaluate) {
        Check(String experiment, String paper, String rule, Function<List<Map<String, String>>, Result> evaluate) {
            this(experiment, experiment + ".csv", paper, rule, evaluate);
        }
    }

    /** @param measured the numbers (Markdown) @param verdict the verdict */
    record Result(String measured, Verdict verdict) {
    }

    private static final Family XAVIER = new Family(Initialization.XAVIER, 0);
    private static final Family SMALL_1 = new Family(Initialization.SMALL, 1);
    private static final Family SMALL_2 = new Family(Initialization.SMALL, 2);
    private static final Family SMALL_3 = new Family(Initialization.SMALL, 3);

    private static final List<Check> CHECKS = List.of(
            new Check("fig4", "Theorem 2 / Fig. 4: with 2-shortcuts the condition number of the Hessian at the"
                    + " zero initial point does not depend on depth.",
                    "small-init 2-shortcut cond_p10 at every depth (geometric mean over seeds, as the plot draws it;"
                            + " where a seed is censored, the plot's lower bound, marked ≥): reproduced if max/min over"
                            + " depths ≤ 1.1, partly if ≤ 2",
                    rows -> depthInvariant(SMALL_2, rows)),
            new Check("fig4", "Fig. 4: without shortcuts (Xavier initialization) the condition number explodes with"
                    + " depth.",
                    "Xavier plain cond_p10 (geometric mean over seeds, as the plot) at the largest depth over the"
                            + " smallest: reproduced if ≥ 100 (censored values are lower bounds, marked ≥, which only"
                            + " strengthen it), partly if ≥ 10",
                    rows -> growth(XAVIER, rows, 100, 10)),
            new Check("fig4", "Fig. 4 / Theorem 2 (n = 1): 1-shortcut networks behave like plain ones: the"
                    + " condition number at zero grows with depth.",
                    "small-init 1-shortcut cond_p10 (geometric mean over seeds) at the largest depth over the"
                            + " smallest: reproduced if ≥ 4 and increasing with depth, partly if ≥ 2",
                    rows -> growth(SMALL_1, rows, 4, 2)),
            new Check("fig4", "Theorem 2 (n ≥ 3): with 3-shortcuts the zero point is a high-order saddle: the Hessian"
                    + " there is zero.",
                    "the largest small-init 3-shortcut max|λ| (geometric mean over seeds, over depths) over the"
                            + " smallest 2-shortcut one:"
                            + " reproduced if ≤ 1e-2 (the Hessian is O(ε) where the 2-shortcut one is O(1))",
                    PaperReport::flatSaddle),
            new Check("fig4", "Theorem 2 (n = 1, 2): at the zero point the Hessian's condition number is the one the"
                    + " theorem predicts from the data (n = 2: σ_max(M)/σ_min(M)).",
                    "measured cond_p10 at the small initialization (ε = 1e-4) against Theorem 2's θ = 0 prediction"
                            + " (columns predicted_cond_p10) for the 1- and 2-shortcut networks: reproduced if every"
                            + " relative difference is ≤ 1e-2 for n = 2 and ≤ 5e-2 for n = 1, partly if only n = 2",
                    PaperReport::matchesPrediction),
            new Check("zero-point", "Theorem 2 near zero: small-init 2-shortcut networks keep the zero point's"
                    + " depth-independent condition number while ε is small.",
                    "linear 2-shortcut cond_p10 against the θ = 0 prediction, per ε (geometric mean over seeds and"
                            + " depths): reproduced if within 1 % for every ε ≤ 1e-3 at every depth; the ε where it"
                            + " first leaves 1 % is reported",
                    PaperReport::nearZero),
            new Check("fig2", "Fig. 2 (analogue: fully connected n-shortcut networks, not CIFAR-10 ResNets): trained with a"
                    + " step learning-rate schedule, the weights of 2-shortcut networks end smaller the deeper the"
                    + " network.",
                    "final mean Frobenius norm of the weights of small-init 2-shortcut networks (mean over seeds)"
                            + " against depth, per nonlinearity: reproduced if it decreases with depth for every"
                            + " nonlinearity, partly if the deepest is below the shallowest",
                    PaperReport::normsShrinkWithDepth),
            new Check("fig9", "fig9_best.csv", "Fig. 9 (analogue: fully connected relu networks on whitened MNIST, not"
                    + " CIFAR-10 ResNets): at a fixed number of layers, shortcuts of length 2 train best.",
                    "best mean final loss over the learning rates per shortcut length n and number of weight layers"
                            + " (fig9_best.csv; n = 1 with its relu before the layer): reproduced if n = 2 is the lowest"
                            + " at every number of layers, partly if at some",
                    PaperReport::twoShortcutsTrainBest),
            new Check("fig9-fashion-mnist", "fig9_best.csv", "Fig. 9 (analogue, on Fashion-MNIST): at a fixed number of"
                    + " layers, shortcuts of length 2 train best.",
                    "as for fig9, on `reproduce fig9 --data /usr/share/datasets/fashion-mnist --samples 10000` (its own"
                            + " directory, not run by reproduce all)",
                    PaperReport::twoShortcutsTrainBest),
            new Check("fig3", "Fig. 3: trained from near zero, the weights of 2-shortcut networks stay small, the"
                    + " more so the deeper the network.",
                    "final mean Frobenius norm of the weights (mean over seeds) against depth, per nonlinearity:"
                            + " reproduced if it decreases with depth for every nonlinearity, partly if the deepest"
                            + " is below the shallowest",
                    PaperReport::normsShrinkWithDepth),
            new Check("fig7", "Fig. 7: 2-shortcut linear networks reach the optimum at every depth, while plain"
                    + " networks do worse as they get deeper.",
                    "best final loss over the learning rates (mean over seeds, rates with a diverged seed excluded)"
                            + " minus the least-squares optimum: reproduced if the 2-shortcut excess is ≤ 1e-3 at"
                            + " every depth and Xavier's at the largest depth is ≥ 10× its excess at the smallest",
                    PaperReport::bestLossLinear),
            new Check("fig5", "fig5_comparison.csv", "Fig. 5: during training the condition number of the 2-shortcut"
                    + " network's Hessian is always smaller than that of the other initializations.",
                    "cond_p10 of each run interpolated on the losses all runs of both families pass through, geometric"
                            + " mean over seeds (fig5_comparison.csv): reproduced if the 2-shortcut value is the smaller"
                            + " at ≥ 95 % of those losses against every family that trains, partly if at ≥ 50 %",
                    rows -> smallerThroughout(rows, "cond_p10")),
            new Check("fig6", "fig6_comparison.csv", "Fig. 6: during training the index (the ratio of negative"
                    + " eigenvalues) of the 2-shortcut network is always smaller than that of the others.",
                    "negative-eigenvalue ratio interpolated as for fig5, mean over seeds (fig6_comparison.csv):"
                            + " reproduced if the 2-shortcut value is the smaller at ≥ 95 % of the shared losses against"
                            + " every family that trains, partly if at ≥ 50 %",
                    rows -> smallerThroughout(rows, "negative_ratio")),
            new Check("fig6", "fig6_dynamics_distance.csv", "The training dynamics of 2-shortcut networks resemble those"
                    + " of orthogonally initialized linear networks.",
                    "distance between two families' curves against the epoch = RMS over epochs of log₁₀ of the ratio"
                            + " of their geometric means over seeds (fig6_dynamics_distance.csv): alike for a"
                            + " statistic when the 2-shortcut–orthogonal distance is at most the orthogonal–Xavier one"
                            + " (two plain initializations); reproduced if alike for the loss and for max|λ|, partly if"
                            + " for one",
                    PaperReport::dynamicsAlike),
            new Check("fig7", "Fig. 7: the best learning rate of 2-shortcut linear networks does not change with"
                    + " depth, while plain networks need smaller rates as they get deeper.",
                    "a rate tied with the best (the tie rule of fig7_best.csv) at every depth from the third smallest"
                            + " on: reproduced; partly if the best rates there span at most a decade or a best rate"
                            + " sits at the grid's edge",
                    PaperReport::bestRateDepthInvariant),
            new Check("fig8", "Fig. 8: with relu at mid, 2-shortcut networks reach lower losses than plain networks"
                    + " as depth grows.",
                    "mean final loss at the best rate per family and depth: reproduced if the 2-shortcut networks"
                            + " are lowest at the largest depth and at least half of the depths; partly if at any",
                    PaperReport::reluTwoShortcutBest));

    private PaperReport() {
    }

    /**
     * @param dir a directory of reproduced experiments (DIR/NAME/NAME.csv)
     * @return every claim, with the verdict of the results present (claims of experiments not run: {@link
     *         Verdict#NOT_RUN})
     */
    public static List<Claim> claims(Path dir) {
        Map<String, List<Map<String, String>>> rows = new TreeMap<>();
        List<Claim> out = new ArrayList<>();
        List<String> order = Experiments.all().stream().map(Experiment::name).toList();
        List<Check> checks = new ArrayList<>(CHECKS);
        // in figure order (a stable sort keeps each experiment's claims in their order)
        checks.sort(java.util.Comparator.comparingInt(c -> order.contains(c.experiment())
                ? order.indexOf(c.experiment()) : order.size()));
        for (Check c : checks) {
            List<Map<String, String>> r = rows.computeIfAbsent(c.experiment() + "/" + c.file(),
                    key -> read(dir.resolve(c.experiment()).resolve(c.file())));
            Result res = r == null ? new Result("—", Verdict.NOT_RUN) : c.evaluate().apply(r);
            out.add(new Claim(c.experiment(), c.paper(), c.rule(), res.measured(), res.verdict()));
        }
        return out;
    }

    /**
     * Writes DIR/REPORT.md: the claims ({@link #claims}), the wall time of every experiment run (from its
     * manifest), and the plots.
     *
     * @return the report's path
     */
    public static Path write(Path dir) {
        String text = markdown(dir);
        try (OutputDirectory out = OutputDirectory.open(dir)) {
            Files.writeString(out.stage(FILE), text, StandardCharsets.UTF_8);
            out.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(dir.resolve(FILE) + ": cannot write the report", e);
        }
        return dir.resolve(FILE);
    }

    /** @return the text of the report of dir */
    static String markdown(Path dir) {
        List<Claim> claims = claims(dir);
        StringBuilder b = new StringBuilder();
        b.append("# Reproducing \"Demystifying ResNet\" (Li, Jiao, Han, Weissman, 2016)\n\n");
        b.append("Generated by `reproduce all` from the CSV files below; every number here is computed from them, by"
                + " the rule stated with each claim.\n\n");
        b.append("| # | experiment | claim of the paper | verdict |\n|---|---|---|---|\n");
        for (int i = 0; i < claims.size(); i++) {
            Claim c = claims.get(i);
            b.append(String.format(Locale.ROOT, "| %d | `%s` | %s | **%s** |%n", i + 1, c.experiment(), c.paper(),
                    c.verdict().text()));
        }
        List<String> names = Experiments.all().stream().map(Experiment::name).toList();
        List<String> others = CHECKS.stream().map(Check::experiment).distinct().filter(n -> !names.contains(n)).toList();
        Map<String, JsonNode> manifests = new LinkedHashMap<>(); // each run's manifest, read once, in table order
        Stream.concat(names.stream(), others.stream()).forEach(n -> {
            JsonNode j = manifest(dir, n);
            if (j != null) {
                manifests.put(n, j);
            }
        });
        boolean load = manifests.values().stream().anyMatch(j -> j.has("load_average"));
        b.append("\n## Wall time\n\nAs each run's `manifest.json` records it (`wall_seconds`, `created`; a resumed run adds"
                + " the wall time of the runs before it, `previous_runs`, and is dated by its last); a run on a machine"
                + " shared with other work takes longer than on a quiet one, "
                + (load ? "which the system's load average at the start and end of the run (`load_average`) shows: on a"
                + " quiet machine it is about the run's own threads.\n\n"
                + "| experiment | cells | wall time | grid | run | load average |\n|---|---|---|---|---|---|\n"
                : "and these manifests do not tell which (they record no load average).\n\n"
                + "| experiment | cells | wall time | grid | run |\n|---|---|---|---|---|\n"));
        double total = 0;
        for (String name : names) {
            JsonNode j = manifests.get(name);
            if (j != null) {
                double wall = wallSeconds(j);
                total += Double.isFinite(wall) ? wall : 0;
                b.append(wallRow("`" + name + "`", j, load));
            }
        }
        b.append(String.format(Locale.ROOT, "| all | | %.0f s | | |%s%n", total, load ? " |" : ""));
        for (String name : others) { // checked, but run by hand, not by reproduce all
            JsonNode j = manifests.get(name);
            if (j != null) {
                b.append(wallRow("`" + name + "` (not in `all`)", j, load));
            }
        }
        Map<String, List<String>> machines = new LinkedHashMap<>();
        manifests.forEach((name, j) -> machines.computeIfAbsent(machine(j), k -> new ArrayList<>()).add("`" + name + "`"));
        if (!machines.isEmpty()) {
            List<String> parts = new ArrayList<>();
            machines.forEach((text, which) -> parts.add(machines.size() == 1 ? text
                    : text + " (" + String.join(", ", which) + ")"));
            b.append("\nMachine, as the manifests record it: ").append(String.join("; ", parts)).append(".\n");
        }
        String current = null;
        for (int i = 0; i < claims.size(); i++) {
            Claim c = claims.get(i);
            if (!c.experiment().equals(current)) {
                current = c.experiment();
                b.append("\n## `").append(current).append("`\n\n");
                for (String plot : plots(dir, current)) {
                    b.append("![").append(plot).append("](").append(current).append('/').append(plot).append(")\n");
                }
            }
            b.append(String.format(Locale.ROOT, "%n### %d. %s%n%n**%s.** %s%n%nRule: %s%n", i + 1, c.paper(),
                    capitalized(c.verdict().text()), c.measured(), c.rule()));
        }
        return b.toString();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** @return the PNG plots of an experiment's directory, sorted */
    private static List<String> plots(Path dir, String name) {
        Path d = dir.resolve(name);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(d + ": cannot list the plots", e);
        }
    }

    /** @return the rows of a CSV file, or null when there is none (the experiment was not run, or not plotted) */
    private static List<Map<String, String>> read(Path csv) {
        return Files.isRegularFile(csv) ? ResultsFile.readCanonical(csv) : null;
    }

    /** @return whether a row's column is flagged as censored (at or below the rounding floor); no flag: false */
    static boolean censored(Map<String, String> row, String column) {
        String flag = censorFlag(column);
        return flag != null && "true".equals(row.get(flag));
    }

    /** @return the column that flags a value of column as censored, or null for a column that is never censored */
    static String censorFlag(String column) {
        return switch (column) {
            case "cond_p10", "p10_abs" -> "p10_censored";
            case "cond", "lambda_min_abs" -> "min_censored";
            default -> null;
        };
    }

    /**
     * The statistic the fig4 plots draw, per depth of a family: the geometric mean of column over the seeds, or where
     * a seed's value is censored (below the rounding floor) the lower bound the plot draws instead
     * ({@link RowStats#censoredGeometricMeanSpread}: the least over the seeds of the value or of the bound from
     * max|λ| and N).
     *
     * @return {depth, value, censored seeds} per depth, depth ascending
     */
    static double[][] byDepth(Family f, List<Map<String, String>> rows, String column) {
        List<Map<String, String>> rs = RowStats.byFamily(rows, List.of(f)).get(f);
        String flag = censorFlag(column);
        RowStats.Censored c = RowStats.censoredGeometricMeanSpread(rs, "depth", column, flag == null ? "" : flag,
                "parameters");
        double[][] out = new double[3][c.x().length];
        for (int i = 0; i < out[0].length; i++) {
            double depth = c.x()[i];
            out[0][i] = depth;
            out[1][i] = c.y()[i];
            out[2][i] = rs.stream().filter(r -> RowStats.num(r, "depth") == depth && censored(r, column)).count();
        }
        return out;
    }

    /** @return DIR/NAME/manifest.json, or null when there is none */
    private static JsonNode manifest(Path dir, String name) {
        Path m = dir.resolve(name).resolve("manifest.json");
        return Files.isRegularFile(m) ? Json.read(m) : null;
    }

    /**
     * @return the wall time that made a directory's rows: the manifest's {@code wall_seconds} plus those of its
     *         {@code previous_runs} (the runs a resume continued; a resume that ran no cell keeps the manifest of the
     *         run that did, {@link Sweep#keepProducingRun}); NaN without {@code wall_seconds}
     */
    static double wallSeconds(JsonNode manifest) {
        double wall = manifest.path("wall_seconds").asDouble(Double.NaN);
        for (JsonNode run : manifest.path("previous_runs")) {
            wall += run.path("wall_seconds").asDouble(0);
        }
        return wall;
    }

    /**
     * @return the wall-time table's row of a run: its label (Markdown), cells, wall time, grid, date, and with load
     *         the load average at its start and end ("—" where the manifest has none)
     */
    private static String wallRow(String label, JsonNode j, boolean load) {
        int runs = 1 + j.path("previous_runs").size();
        JsonNode l = j.path("load_average");
        String loads = !load ? "" : l.path("start").isNumber() && l.path("end").isNumber()
                ? String.format(Locale.ROOT, " %.2f → %.2f |", l.get("start").asDouble(), l.get("end").asDouble()) : " — |";
        return String.format(Locale.ROOT, "| %s | %d | %.0f s%s | %s | %s |%s%n", label, j.path("cells").asInt(),
                wallSeconds(j), runs > 1 ? " in " + runs + " runs" : "", j.path("parameters").path("quick").asBoolean()
                        ? "quick" : "default", j.path("created").asText("?"), loads);
    }

    /**
     * @return the machine a manifest's run had, from its {@code software} and {@code runner} blocks: processors,
     *         OpenBLAS version, core and threads, the C kernels' instruction set, the JVM, the runner ("?" for a field
     *         a manifest lacks)
     */
    static String machine(JsonNode manifest) {
        JsonNode sw = manifest.path("software");
        return String.format(Locale.ROOT, "%s processors, OpenBLAS %s core %s on %s thread(s), kernels %s, Java %s,"
                        + " %s runner", sw.path("processors").asText("?"), sw.path("openblas_version").asText("?"),
                sw.path("openblas_core").asText("?"), sw.path("openblas_threads").asText("?"),
                sw.path("kernels_isa").asText("?"), sw.path("java").asText("?"),
                manifest.path("runner").path("kind").asText("?"));
    }

    static String g(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** @return "depth 2: 1.48, depth 4: …" (censored seeds named) */
    static String series(double[][] d, String what) {
        StringBuilder b = new StringBuilder(what).append(": ");
        for (int i = 0; i < d[0].length; i++) {
            boolean bound = d.length > 2 && d[2][i] > 0;
            b.append(i == 0 ? "" : ", ").append("depth ").append((int) d[0][i]).append(bound ? " ≥ " : " ")
                    .append(g(d[1][i]));
            if (bound) {
                b.append(" (").append((int) d[2][i]).append(" seed(s) censored: a lower bound)");
            }
        }
        return b.toString();
    }

    static Result depthInvariant(Family f, List<Map<String, String>> rows) {
        double[][] d = byDepth(f, rows, "cond_p10");
        if (d[0].length < 2) {
            return new Result("fewer than two depths of " + f.label() + " in the results", Verdict.NOT_RUN);
        }
        double max = Stream.of(d[1]).flatMapToDouble(java.util.Arrays::stream).max().orElse(Double.NaN);
        double min = Stream.of(d[1]).flatMapToDouble(java.util.Arrays::stream).min().orElse(Double.NaN);
        double ratio = max / min;
        Verdict v = ratio <= 1.1 ? Verdict.REPRODUCED : ratio <= 2 ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
        return new Result(series(d, f.label() + " cond_p10") + "; max/min over depths " + g(ratio) + ".", v);
    }

    static Result growth(Family f, List<Map<String, String>> rows, double full, double part) {
        double[][] d = byDepth(f, rows, "cond_p10");
        if (d[0].length < 2) {
            return new Result("fewer than two depths of " + f.label() + " in the results", Verdict.NOT_RUN);
        }
        int last = d[0].length - 1;
        boolean increasing = true;
        for (int i = 1; i <= last; i++) {
            increasing &= d[1][i] > d[1][i - 1] || d[2][i] > 0;
        }
        double ratio = d[1][last] / d[1][0];
        boolean censoredLast = d[2][last] > 0;
        Verdict v = (ratio >= full || censoredLast) && increasing ? Verdict.REPRODUCED
                : ratio >= part || censoredLast ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
        return new Result(series(d, f.label() + " cond_p10") + "; largest depth over smallest " + g(ratio)
                + (censoredLast ? " (or more: censored)" : "") + (increasing ? ", increasing at every step." : ", not"
                + " increasing at every step."), v);
    }

    static Result flatSaddle(List<Map<String, String>> rows) {
        double[][] three = byDepth(SMALL_3, rows, "lambda_max_abs");
        double[][] two = byDepth(SMALL_2, rows, "lambda_max_abs");
        if (three[0].length == 0 || two[0].length == 0) {
            return new Result("no 3-shortcut or 2-shortcut rows in the results", Verdict.NOT_RUN);
        }
        double largestThree = java.util.Arrays.stream(three[1]).max().orElse(Double.NaN);
        double smallestTwo = java.util.Arrays.stream(two[1]).min().orElse(Double.NaN);
        double ratio = largestThree / smallestTwo;
        return new Result(series(three, "3-shortcut max|λ|") + "; " + series(two, "2-shortcut max|λ|")
                + "; the largest 3-shortcut value over the smallest 2-shortcut one " + g(ratio) + ".",
                ratio <= 1e-2 ? Verdict.REPRODUCED : Verdict.NOT_REPRODUCED);
    }

    /** @return the key of a training run's rows (fig2's learning_rate changes within a run: its start identifies it) */
    static String runKey(Map<String, String> r) {
        return r.get("mid") + "|" + r.get("init") + "|" + r.get("shortcut") + "|" + r.get("depth") + "|" + r.get("seed")
                + "|" + (r.containsKey("initial_learning_rate") ? r.get("initial_learning_rate") : r.get("learning_rate"));
    }

    static Result normsShrinkWithDepth(List<Map<String, String>> rows) {
        // the last epoch of each run, small-init 2-shortcut
        Map<String, TreeMap<Double, double[]>> byMid = new TreeMap<>(); // mid → depth → {sum, count}
        Map<String, Double> lastEpoch = new TreeMap<>();
        for (Map<String, String> r : rows) {
            String run = runKey(r);
            lastEpoch.merge(run, RowStats.num(r, "epoch"), Math::max);
        }
        for (Map<String, String> r : rows) {
            String run = runKey(r);
            if (!"small".equals(r.get("init")) || !"2".equals(r.get("shortcut"))
                    || RowStats.num(r, "epoch") != lastEpoch.get(run)) {
                continue;
            }
            double[] a = byMid.computeIfAbsent(r.get("mid"), k -> new TreeMap<>())
                    .computeIfAbsent(RowStats.num(r, "depth"), k -> new double[2]);
            a[0] += RowStats.num(r, "weight_norm");
            a[1]++;
        }
        if (byMid.isEmpty()) {
            return new Result("no small-init 2-shortcut runs in the results", Verdict.NOT_RUN);
        }
        boolean allDecreasing = true;
        boolean endsLower = true;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Double, double[]>> m : byMid.entrySet()) {
            StringBuilder b = new StringBuilder(m.getKey() + " at mid, final mean weight norm: ");
            double prev = Double.POSITIVE_INFINITY;
            double first = Double.NaN;
            double last = Double.NaN;
            int i = 0;
            for (Map.Entry<Double, double[]> e : m.getValue().entrySet()) {
                double v = e.getValue()[0] / e.getValue()[1];
                b.append(i++ == 0 ? "" : ", ").append("depth ").append(e.getKey().intValue()).append(' ').append(g(v));
                allDecreasing &= v < prev;
                prev = v;
                first = Double.isNaN(first) ? v : first;
                last = v;
            }
            endsLower &= last < first;
            parts.add(b.toString());
        }
        Verdict v = allDecreasing ? Verdict.REPRODUCED : endsLower ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
        return new Result(String.join("; ", parts) + ".", v);
    }

    /** @return the best rate and its ties per depth of one family ({@link Fig7#best}), against its own references */
    static List<Fig7.Best> best(Family f, List<Map<String, String>> rows) {
        List<Map<String, String>> rs = RowStats.byFamily(rows, List.of(f)).get(f);
        return Fig7.best(rs, Fig7.references(rs));
    }

    /** @return "depth 2 v, depth 4 v, …" of one value of each best */
    static String bests(List<Fig7.Best> bs, String what, java.util.function.ToDoubleFunction<Fig7.Best> value) {
        StringBuilder b = new StringBuilder(what).append(": ");
        for (int i = 0; i < bs.size(); i++) {
            b.append(i == 0 ? "" : ", ").append("depth ").append(bs.get(i).depth()).append(' ')
                    .append(g(value.applyAsDouble(bs.get(i))));
            if (!bs.get(i).edge().equals("none")) {
                b.append(" (at the grid's edge: ").append(bs.get(i).edge()).append(')');
            }
        }
        return b.toString();
    }

    static Result bestLossLinear(List<Map<String, String>> rows) {
        List<Fig7.Best> two = best(SMALL_2, rows);
        List<Fig7.Best> xavier = best(XAVIER, rows);
        if (two.isEmpty() || xavier.size() < 2) {
            return new Result("too few runs in the results", Verdict.NOT_RUN);
        }
        double worstTwo = two.stream().mapToDouble(b -> Double.isNaN(b.excessMean()) ? Double.POSITIVE_INFINITY
                : b.excessMean()).max().orElse(Double.NaN);
        double growth = xavier.get(xavier.size() - 1).excessMean() / xavier.get(0).excessMean();
        String measured = bests(two, "2-shortcut best excess loss (mean over seeds)", Fig7.Best::excessMean) + "; "
                + bests(xavier, "Xavier plain", Fig7.Best::excessMean) + "; Xavier's excess grows " + g(growth)
                + "× from the smallest depth to the largest.";
        Verdict v = worstTwo <= 1e-3 && growth >= 10 ? Verdict.REPRODUCED
                : worstTwo <= 1e-3 || growth >= 10 ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
        return new Result(measured, v);
    }

    static Result bestRateDepthInvariant(List<Map<String, String>> rows) {
        List<Fig7.Best> two = best(SMALL_2, rows);
        List<Fig7.Best> xavier = best(XAVIER, rows);
        if (two.size() < 3) {
            return new Result("fewer than three depths of 2-shortcut networks in the results", Verdict.NOT_RUN);
        }
        // a rate tied with the best at every depth from the third smallest on
        java.util.Set<Double> common = new java.util.TreeSet<>(two.get(2).tied());
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        boolean edge = false;
        for (Fig7.Best b : two.subList(2, two.size())) {
            common.retainAll(b.tied());
            lo = Math.min(lo, b.bestRate());
            hi = Math.max(hi, b.bestRate());
            edge |= !b.edge().equals("none");
        }
        String measured = bests(two, "2-shortcut best learning rate", Fig7.Best::bestRate) + "; "
                + bests(xavier, "Xavier plain", Fig7.Best::bestRate) + "; rates tied with the best at every depth"
                + " from " + two.get(2).depth() + " on: " + (common.isEmpty() ? "none" : common.toString()) + ".";
        Verdict v = edge ? Verdict.PARTLY : !common.isEmpty() ? Verdict.REPRODUCED
                : hi / lo <= 10 ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
        return new Result(measured, v);
    }

    /** @return depth → the least mean final loss over the learning rates of one family ({@link RowStats#bestFinalLoss}) */
    static TreeMap<Integer, Double> bestFinalLoss(Family f, List<Map<String, String>> rows) {
        double[][] b = RowStats.bestFinalLoss(RowStats.byFamily(rows, List.of(f)).get(f));
        TreeMap<Integer, Double> out = new TreeMap<>();
        for (int i = 0; i < b[0].length; i++) {
            if (Double.isFinite(b[1][i])) {
                out.put((int) b[0][i], b[1][i]);
            }
        }
        return out;
    }

    static Result reluTwoShortcutBest(List<Map<String, String>> rows) {
        Map<Family, TreeMap<Integer, Double>> all = new java.util.LinkedHashMap<>();
        for (Family f : Family.PAPER) {
            all.put(f, bestFinalLoss(f, rows));
        }
        TreeMap<Integer, Double> two = all.get(SMALL_2);
        if (two.size() < 2) {
            return new Result("fewer than two depths of 2-shortcut networks in the results", Verdict.NOT_RUN);
        }
        int lowestAt = 0;
        boolean lowestAtLargest = false;
        for (Map.Entry<Integer, Double> e : two.entrySet()) {
            boolean lowest = true;
            for (Family f : List.of(XAVIER, new Family(Initialization.ORTHOGONAL, 0))) {
                Double other = all.get(f).get(e.getKey());
                lowest &= other == null || e.getValue() < other;
            }
            lowestAt += lowest ? 1 : 0;
            lowestAtLargest = lowest && e.getKey().equals(two.lastKey());
        }
        StringBuilder m = new StringBuilder("best final loss over the learning rates (mean over seeds): ");
        all.forEach((f, bs) -> {
            m.append(f.label()).append(' ');
            bs.forEach((depth, v) -> m.append(depth.equals(bs.firstKey()) ? "" : ", ").append("depth ").append(depth)
                    .append(' ').append(g(v)));
            m.append("; ");
        });
        m.append("the 2-shortcut networks have the lowest at ").append(lowestAt).append(" of ").append(two.size())
                .append(" depths").append(lowestAtLargest ? ", the largest included." : ".");
        Verdict v = lowestAtLargest && 2 * lowestAt >= two.size() ? Verdict.REPRODUCED
                : lowestAt > 0 ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
        return new Result(m.toString(), v);
    }

    static Result smallerThroughout(List<Map<String, String>> rows, String statistic) {
        List<String> parts = new ArrayList<>();
        double worst = Double.POSITIVE_INFINITY;
        for (Map<String, String> r : rows) {
            if (!statistic.equals(r.get("statistic")) || !SMALL_2.label().equals(r.get("family"))
                    || !(RowStats.num(r, "losses") > 0)) {
                continue; // a family that never trains shares no loss with the others (3-shortcut)
            }
            double smaller = RowStats.num(r, "smaller_fraction");
            worst = Math.min(worst, smaller);
            parts.add(String.format(Locale.ROOT, "against %s smaller at %.0f %% of %d losses (%s … %s; ratio %s … %s)",
                    r.get("other"), 100 * smaller, (int) RowStats.num(r, "losses"), g(RowStats.num(r, "loss_min")),
                    g(RowStats.num(r, "loss_max")), g(RowStats.num(r, "ratio_min")), g(RowStats.num(r, "ratio_max"))));
        }
        if (parts.isEmpty()) {
            return new Result("no comparison of the 2-shortcut networks with a family that trains", Verdict.NOT_RUN);
        }
        Verdict v = worst >= 0.95 ? Verdict.REPRODUCED : worst >= 0.5 ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
        return new Result("2-shortcut " + statistic + ": " + String.join("; ", parts) + ".", v);
    }

    static Result dynamicsAlike(List<Map<String, String>> rows) {
        int alike = 0;
        int judged = 0;
        List<String> parts = new ArrayList<>();
        for (String statistic : List.of("loss", "lambda_max_abs")) {
            double twoOrth = Double.NaN;
            double orthXavier = Double.NaN;
            for (Map<String, String> r : rows) {
                if (!statistic.equals(r.get("statistic"))) {
                    continue;
                }
                if (SMALL_2.label().equals(r.get("family")) && "orthogonal plain".equals(r.get("other"))) {
                    twoOrth = RowStats.num(r, "rms_log10_ratio");
                } else if ("orthogonal plain".equals(r.get("family")) && XAVIER.label().equals(r.get("other"))) {
                    orthXavier = RowStats.num(r, "rms_log10_ratio");
                }
            }
            if (Double.isNaN(twoOrth) || Double.isNaN(orthXavier)) {
                continue;
            }
            judged++;
            alike += twoOrth <= orthXavier ? 1 : 0;
            parts.add(statistic + ": 2-shortcut–orthogonal " + g(twoOrth) + " against orthogonal–Xavier " + g(orthXavier)
                    + (twoOrth <= orthXavier ? " (alike)" : " (not alike)"));
        }
        if (judged < 2) {
            return new Result("the distances of the loss and max|λ| curves are not in the results", Verdict.NOT_RUN);
        }
        Verdict v = alike == 2 ? Verdict.REPRODUCED : alike == 1 ? Verdict.PARTLY : Verdict.NOT_REPRODUCED;
        return new Result(String.join("; ", parts) + ".", v);
    }

    static Result matchesPrediction(List<Map<String, String>> rows) {
        StringBuilder b = new StringBuilder();
        double[] worst = new double[3];
        int[] seen = new int[3];
        for (int n : new int[] {1, 2}) {
            for (Map<String, String> r : RowStats.filter(rows, r -> "small".equals(r.get("init"))
                    && String.valueOf(n).equals(r.get("shortcut")))) {
                double predicted = RowStats.num(r, "predicted_cond_p10");
                if (!Double.isFinite(predicted)) {
                    continue;
                }
                double diff = Math.abs(RowStats.num(r, "cond_p10") / predicted - 1);
                worst[n] = Math.max(worst[n], Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff);
                seen[n]++;
            }
            if (seen[n] > 0) {
                b.append(b.length() == 0 ? "" : "; ").append(n).append("-shortcut: ").append(seen[n])
                        .append(" predictions, largest relative difference ").append(g(worst[n]));
            }
        }
        if (seen[2] == 0) {
            return new Result("no predictions in the results (run fig4 with this version)", Verdict.NOT_RUN);
        }
        boolean two = worst[2] <= 1e-2;
        boolean one = seen[1] > 0 && worst[1] <= 5e-2;
        return new Result(b.append('.').toString(), two && one ? Verdict.REPRODUCED : two ? Verdict.PARTLY
                : Verdict.NOT_REPRODUCED);
    }

    static Result nearZero(List<Map<String, String>> rows) {
        TreeMap<Double, double[]> byEps = new TreeMap<>(); // ε → {sum of log ratio, count, worst |ratio − 1|}
        for (Map<String, String> r : RowStats.filter(rows, r -> "identity".equals(r.get("mid")))) {
            double predicted = RowStats.num(r, "predicted_cond_p10");
            double measured = RowStats.num(r, "cond_p10");
            if (!Double.isFinite(predicted) || !Double.isFinite(measured)) {
                continue;
            }
            double[] a = byEps.computeIfAbsent(RowStats.num(r, "epsilon"), k -> new double[3]);
            a[0] += Math.log(measured / predicted);
            a[1]++;
            a[2] = Math.max(a[2], Math.abs(measured / predicted - 1));
        }
        if (byEps.isEmpty()) {
            return new Result("no linear rows with a prediction in the results", Verdict.NOT_RUN);
        }
        double leaves = Double.NaN;
        boolean holds = true;
        StringBuilder b = new StringBuilder("linear 2-shortcut, cond_p10 over the prediction (geometric mean; worst"
                + " cell): ");
        int i = 0;
        for (Map.Entry<Double, double[]> e : byEps.entrySet()) {
            double[] a = e.getValue();
            b.append(i++ == 0 ? "" : ", ").append("ε ").append(g(e.getKey())).append(' ')
                    .append(g(Math.exp(a[0] / a[1]))).append(" (").append(g(a[2])).append(')');
            if (a[2] > 0.01 && Double.isNaN(leaves)) {
                leaves = e.getKey();
            }
            if (e.getKey() <= 1e-3 && a[2] > 0.01) {
                holds = false;
            }
        }
        b.append("; first ε beyond 1 %: ").append(Double.isNaN(leaves) ? "none" : g(leaves)).append('.');
        return new Result(b.toString(), holds ? Verdict.REPRODUCED : Verdict.NOT_REPRODUCED);
    }

    static Result twoShortcutsTrainBest(List<Map<String, String>> rows) {
        TreeMap<Integer, TreeMap<Double, String>> byDepth = new TreeMap<>(); // layers → loss → network
        for (Map<String, String> r : rows) {
            double loss = RowStats.num(r, "final_loss_mean");
            if (Double.isFinite(loss) && !"none".equals(r.get("relu"))) { // n = 1 linear is another model class
                byDepth.computeIfAbsent((int) RowStats.num(r, "depth"), k -> new TreeMap<>())
                        .put(loss, "n = " + r.get("shortcut"));
            }
        }
        if (byDepth.isEmpty()) {
            return new Result("no best losses in the results", Verdict.NOT_RUN);
        }
        int twoBest = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Integer, TreeMap<Double, String>> e : byDepth.entrySet()) {
            StringBuilder b = new StringBuilder(e.getKey() + " layers: ");
            int i = 0;
            for (Map.Entry<Double, String> x : e.getValue().entrySet()) {
                b.append(i++ == 0 ? "" : " < ").append(x.getValue()).append(' ').append(g(x.getKey()));
            }
            twoBest += e.getValue().firstEntry().getValue().equals("n = 2") ? 1 : 0;
            parts.add(b.toString());
        }
        Verdict v = twoBest == byDepth.size() ? Verdict.REPRODUCED : twoBest > 0 ? Verdict.PARTLY
                : Verdict.NOT_REPRODUCED;
        return new Result("best mean final loss, lowest first: " + String.join("; ", parts) + ".", v);
    }
}
