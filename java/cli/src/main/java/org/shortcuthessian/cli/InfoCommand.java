package org.shortcuthessian.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code info}: backend, OpenBLAS version and core, threads, kernel instruction set. */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Print the backend in use, the OpenBLAS version, the core type OpenBLAS chose, threads and the kernels' instruction set.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--json", description = "Print as a JSON object.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Backend b = common.apply();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("shortcut_hessian_version", Main.version());
        facts.putAll(b.info());
        facts.put("native_available", Boolean.toString(Backends.nativeAvailable()));
        facts.put("java_version", Runtime.version().toString());
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        facts.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("max_heap_bytes", Long.toString(Runtime.getRuntime().maxMemory()));
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.facts(facts).toPrettyString()); // numbers, booleans and null typed
        } else {
            facts.forEach((k, v) -> out.println(k + ": " + v));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
