package org.shortcuthessian.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.SymmetricEigen;

/**
 * Prints, as one JSON object on stdout, the facts a benchmark result depends on: the native backend's
 * {@link Backend#info()} (OpenBLAS version, core, threads after setting them to the first argument,
 * kernels), OPENBLAS_CORETYPE, the JDK and the pure-Java backend. Used by {@code bench/run}:
 * {@code java -cp bench/target/benchmarks.jar org.shortcuthessian.bench.BenchInfo [threads]}.
 */
public final class BenchInfo {
    private BenchInfo() {
    }

    public static void main(String[] args) {
        Map<String, String> facts = new LinkedHashMap<>();
        Backend nat = Backends.of(BackendKind.NATIVE);
        if (args.length > 0) {
            nat.setThreads(Integer.parseInt(args[0]));
        }
        facts.putAll(nat.info());
        facts.put("openblas_coretype_env", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
        facts.put("two_stage_crossover", twoStageCrossover());
        facts.put("java_backend", Backends.of(BackendKind.JAVA).description());
        facts.put("jdk", Runtime.version().toString());
        facts.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        facts.put("available_processors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : facts.entrySet()) {
            sb.append(first ? "" : ", ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
            first = false;
        }
        System.out.println(sb.append('}'));
    }

    /** SymmetricEigen.TWO_STAGE_CROSSOVER of the library on the class path (read reflectively, not inlined). */
    private static String twoStageCrossover() {
        try {
            return String.valueOf(SymmetricEigen.class.getField("TWO_STAGE_CROSSOVER").getInt(null));
        } catch (ReflectiveOperationException e) {
            return "unknown";
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : String.valueOf(s).toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
