package org.shortcuthessian.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.shortcuthessian.cli.Main;

/**
 * The main class for {@code spark-submit}: its arguments are those of {@code reproduce} (without {@code --spark}),
 * and the master is spark-submit's ({@code --master}), e.g.
 * {@code spark-submit --master spark://HOST:7077 --class org.shortcuthessian.spark.SparkSubmitMain
 * java/target/shortcut-hessian-spark.jar fig4 --out /shared/fig4}.
 */
public final class SparkSubmitMain {
    private SparkSubmitMain() {
    }

    public static void main(String[] args) {
        String master = new SparkConf().get("spark.master", "local[*]");
        List<String> all = new ArrayList<>(List.of("reproduce"));
        all.addAll(List.of(args));
        all.add("--spark");
        all.add(master);
        System.exit(Main.run(System.out, System.err, all.toArray(String[]::new)));
    }
}
