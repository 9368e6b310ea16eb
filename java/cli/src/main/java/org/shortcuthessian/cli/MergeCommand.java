package org.shortcuthessian.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shortcuthessian.experiments.Merge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code merge --out DIR SHARD_DIR...}: the directories of {@code reproduce NAME --shard i/k} as the files of one run. */
@Command(name = "merge", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Combines the directories of the K shards of one sweep (reproduce NAME --shard I/K) into the"
                + " files a single run writes: DIR/NAME.csv, DIR/NAME.cells (so --resume works on it), the plots and"
                + " DIR/manifest.json, which lists the shards.",
                "Refuses (exit 2, naming what differs) shards of other experiments, grids or settings, of another K,"
                        + " a shard missing or given twice, or one that has not finished (resume it first)."})
final class MergeCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if needed;"
            + " must not hold the experiment's results yet).")
    Path out;

    @Parameters(paramLabel = "SHARD_DIR", arity = "1..*", description = "The shards' --out directories, in any order.")
    List<Path> shards;

    @Option(names = {"-v", "--verbose"}, description = "Log to stderr.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        CommonOptions.configureLogging(verbose);
        Merge.Summary s = Merge.merge(shards, out);
        cmd.commandLine().getOut().printf(Locale.ROOT, "merged %d shards: %d cells, %d rows; %s, %d plots, %s%n",
                shards.size(), s.cells(), s.rows(), s.csv(), s.plots().size(), s.manifest());
        return ExitCodes.OK;
    }
}
