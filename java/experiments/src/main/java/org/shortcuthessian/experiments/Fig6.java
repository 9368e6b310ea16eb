package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.network.Activation;

/** Figure 6: the runs of {@link Fig5}, negative-eigenvalue ratio and gradient norm. */
public final class Fig6 extends Fig5 {
    @Override
    public String name() {
        return "fig6";
    }

    @Override
    public String description() {
        return "depth-16 linear networks during training: negative-eigenvalue ratio against the loss; gradient"
                + " norm and ratio against the epoch for the 2-shortcut run";
    }

    @Override
    public List<String> plot(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data,
                             OutputDirectory dir) {
        List<String> out = new ArrayList<>();
        Map<Family, List<Map<String, String>>> fam = RowStats.byFamily(rows, Family.WITH_SHORTCUTS);
        List<Plots.Line> lines = new ArrayList<>();
        fam.forEach((f, rs) -> {
            double[][] p = RowStats.points(rs, "loss", "negative_ratio");
            lines.add(new Plots.Line(f.label(), p[0], p[1]));
        });
        out.addAll(Plots.save(dir, "fig6_negative_ratio", new Plots.Figure("Negative-eigenvalue ratio against"
                + " the loss during training", caption(data, rows, "a point per spectrum"), new Plots.Axis("loss", Plots.Scale.LOG10),
                new Plots.Axis("negative_ratio", Plots.Scale.LINEAR), true, lines)));
        Family two = Family.PAPER.get(2);
        List<Map<String, String>> run = RowStats.filter(fam.get(two), r -> "1".equals(r.get("seed")));
        double[][] g = RowStats.points(run, "epoch", "gradient_norm");
        out.addAll(Plots.save(dir, "fig6_gradient_norm", new Plots.Figure("Gradient norm during training, "
                + two.label(), caption(data, run, "every epoch"), new Plots.Axis("epoch", Plots.Scale.LINEAR),
                new Plots.Axis("gradient_norm ‖∇L‖", Plots.Scale.LOG10), false,
                List.of(new Plots.Line("‖∇L‖", g[0], g[1])))));
        double[][] r = RowStats.points(run, "epoch", "negative_ratio");
        out.addAll(Plots.save(dir, "fig6_ratio_by_epoch", new Plots.Figure("Negative-eigenvalue ratio during"
                + " training, " + two.label(), caption(data, run, "a point per spectrum"), new Plots.Axis("epoch", Plots.Scale.LINEAR),
                new Plots.Axis("negative_ratio", Plots.Scale.LINEAR), true,
                List.of(new Plots.Line("negative ratio", r[0], r[1])))));
        return out;
    }
}
