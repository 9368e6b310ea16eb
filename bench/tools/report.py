#!/usr/bin/env python3
"""Markdown report of a bench/run result: report.py RESULTS.json ENV.json > RESULTS.md

RESULTS.json is JMH's JSON (one array, possibly of several runs); ENV.json the facts bench/run
recorded (BenchInfo's JSON plus cpu, elapsed time and the status of each JMH run).
Times are the minimum over all measured calls (the number of calls is given); ratios and
overheads are of those minima.
"""
import json
import statistics
import sys
from collections import defaultdict

UNIT_SECONDS = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}

# Each contender compared with the facade's native call doing the same job.
REFERENCE = {
    "directDsyevd": "valuesDsyevd",
    "directTwoStage": "valuesTwoStage",
    "directDsyevr": "valuesDsyevr",
    "directPairs": "pairsDsyevd",
    "valuesDsyevd": "valuesAuto",
    "valuesTwoStage": "valuesAuto",
    "valuesDsyevr": "valuesAuto",
    "javaValues": "valuesAuto",
    "javaPairs": "pairsDsyevd",
}
# Facade call -> the same LAPACKE call made directly.
OVERHEAD = [
    ("dsyevd, values", "valuesDsyevd", "directDsyevd"),
    ("dsyev_2stage, values", "valuesTwoStage", "directTwoStage"),
    ("dsyevr, values", "valuesDsyevr", "directDsyevr"),
    ("dsyevd, pairs", "pairsDsyevd", "directPairs"),
]
EIGEN_ORDER = ["valuesAuto", "valuesDsyevd", "directDsyevd", "valuesTwoStage", "directTwoStage",
               "valuesDsyevr", "directDsyevr", "pairsDsyevd", "directPairs", "javaValues", "javaPairs"]
TWO_STAGE_CROSSOVER = "?"  # SymmetricEigen.TWO_STAGE_CROSSOVER of the run, from ENV.json


def load(path):
    with open(path) as fh:
        return json.load(fh)


def collect(results):
    """{class: {method: {n: record}}} with the calls in seconds."""
    out = defaultdict(lambda: defaultdict(dict))
    for r in results:
        cls, method = r["benchmark"].split(".")[-2:]
        pm = r["primaryMetric"]
        scale = UNIT_SECONDS[pm["scoreUnit"]]
        raw = [x * scale for fork in pm["rawData"] for x in fork]
        n = int(r.get("params", {}).get("n", 0))
        if n in out[cls][method]:  # the same benchmark run again (bench/run --rounds): pool the calls
            prev = out[cls][method][n]
            raw = prev["raw"] + raw
            prev.update({"raw": raw, "min": min(raw), "median": statistics.median(raw), "max": max(raw),
                         "score": statistics.fmean(raw), "error": float("nan"), "runs": prev["runs"] + 1})
            continue
        out[cls][method][n] = {"runs": 1,
            "raw": raw, "min": min(raw), "median": statistics.median(raw), "max": max(raw),
            "score": pm["score"] * scale,
            "error": (pm["scoreError"] * scale) if pm.get("scoreError") not in (None, "NaN") else float("nan"),
            "mode": r["mode"], "warmup": r.get("warmupIterations"), "threads": r.get("params", {}).get("threads"),
        }
    return out


def secs(t):
    if t >= 100:
        return f"{t:.0f}"
    if t >= 10:
        return f"{t:.1f}"
    if t >= 1:
        return f"{t:.2f}"
    return f"{t:.3f}"


def pct(x):
    return f"{100 * x:+.1f} %"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def eigen_section(data):
    sizes = sorted({n for m in data.values() for n in m})
    methods = [m for m in EIGEN_ORDER if m in data] + sorted(m for m in data if m not in EIGEN_ORDER)
    out = ["## Symmetric eigensolvers (EigenBench)", "",
           "Input: seeded random symmetric Gaussian (Wigner) matrix; every call gets a fresh copy "
           "(copied outside the timed region). Single-shot time of one call; cells are the minimum "
           "over the measured calls, in seconds, with the number of measured calls in brackets "
           "(after the warm-up calls JMH ran, see `.env.json`/`.log`); calls of repeated runs "
           "(`--rounds`) are pooled.", ""]
    out.append(table(["benchmark"] + [f"N = {n}" for n in sizes],
                     [[f"`{m}`"] + [f"{secs(data[m][n]['min'])} [{len(data[m][n]['raw'])}]" if n in data[m] else "–"
                                    for n in sizes] for m in methods]))
    out += ["", "### Ratio to the facade's native call for the same job", "",
            "time ÷ time of the reference (min ÷ min); below 1 = faster than the reference.", ""]
    rows = []
    for m in methods:
        ref = REFERENCE.get(m)
        if not ref or ref not in data:
            continue
        rows.append([f"`{m}`", f"`{ref}`"] + [f"{data[m][n]['min'] / data[ref][n]['min']:.3f}"
                                               if n in data[m] and n in data[ref] else "–" for n in sizes])
    out.append(table(["benchmark", "reference"] + [f"N = {n}" for n in sizes], rows))
    rows = []
    for label, facade, direct in OVERHEAD:
        if facade in data and direct in data:
            cells = []
            for n in sizes:
                if n in data[facade] and n in data[direct]:
                    f, d = data[facade][n], data[direct][n]
                    cells.append(f"{pct(f['min'] / d['min'] - 1)} (median {pct(f['median'] / d['median'] - 1)})")
                else:
                    cells.append("–")
            rows.append([label, f"`{facade}` vs `{direct}`"] + cells)
    if rows:
        out += ["", "### Facade overhead", "",
                "(facade − direct) ÷ direct, of the minima (and of the medians). Goal: ≤ 3 %. "
                "Compare with the run-to-run spread below: differences smaller than it are noise.", ""]
        out.append(table(["routine", "pair"] + [f"N = {n}" for n in sizes], rows))
    rows = []
    for m in methods:
        cells = []
        for n in sizes:
            r = data[m].get(n)
            cells.append(f"{100 * (r['max'] / r['min'] - 1):.1f} %" if r and len(r["raw"]) > 1 else "–")
        rows.append([f"`{m}`"] + cells)
    out += ["", "### Run-to-run spread", "", "(max − min) ÷ min over the measured calls.", ""]
    out.append(table(["benchmark"] + [f"N = {n}" for n in sizes], rows))
    goal = []
    if "valuesAuto" in data and "directTwoStage" in data:
        for n in sizes:
            if n in data["valuesAuto"] and n in data["directTwoStage"]:
                a, d = data["valuesAuto"][n], data["directTwoStage"][n]
                goal.append([n, secs(a["min"]), secs(d["min"]), f"{a['min'] / d['min']:.3f}",
                             "yes" if a["min"] <= d["min"] * 1.03 else "no"])
    if goal:
        out += ["", "### Native eigenvalues-only path (AUTO) against dsyev_2stage called directly", "",
                f"AUTO takes dsyev_2stage at N ≥ {TWO_STAGE_CROSSOVER} (SymmetricEigen.TWO_STAGE_CROSSOVER). "
                "Goal: no slower at N = 6400 (within the 3 % overhead budget).", ""]
        out.append(table(["N", "valuesAuto (s)", "directTwoStage (s)", "ratio", "within 3 %"], goal))
        fastest = []
        for n in sizes:
            cands = {m: data[m][n]["min"] for m in ("directDsyevd", "directTwoStage", "directDsyevr") if n in data.get(m, {})}
            if cands:
                best = min(cands, key=cands.get)
                fastest.append([n, f"`{best}`", secs(cands[best])]
                               + [f"{cands[m] / cands[best]:.3f}" if m in cands else "–"
                                  for m in ("directDsyevd", "directTwoStage", "directDsyevr")])
        if fastest:
            out += ["", "Fastest LAPACK eigenvalues-only routine (direct calls; times relative to the fastest):", ""]
            out.append(table(["N", "fastest", "time (s)", "dsyevd", "dsyev_2stage", "dsyevr"], fastest))
    rows = []
    for jm, nm in (("javaValues", "valuesAuto"), ("javaPairs", "pairsDsyevd")):
        if jm in data and nm in data:
            rows.append([f"`{jm}` ÷ `{nm}`"] + [f"{data[jm][n]['min'] / data[nm][n]['min']:.1f}×"
                                                 if n in data[jm] and n in data[nm] else "–" for n in sizes])
    if rows:
        out += ["", "### Pure Java (ojAlgo) ÷ native", ""]
        out.append(table(["ratio"] + [f"N = {n}" for n in sizes], rows))
    return out


def crossover_section(data):
    sizes = sorted({n for m in data.values() for n in m})
    out = ["## dsyevd against dsyev_2stage, eigenvalues only (EigenCrossoverBench)", "",
           "Direct LAPACKE calls, average time per call in µs (mean of the iterations ± JMH's 99.9 % error, "
           "and the best iteration); each timed call includes a memcpy of the input, timed alone as "
           "`copyOnly` and subtracted for the ratios. The crossover is read from the best iterations, "
           "which disturbances from outside the process (shared machine) cannot make faster.", ""]
    rows = []
    faster = {}
    for n in sizes:
        d = data.get("directDsyevd", {}).get(n)
        t = data.get("directTwoStage", {}).get(n)
        c = data.get("copyOnly", {}).get(n)
        copy = c["score"] if c else 0.0
        ratio = (t["score"] - copy) / (d["score"] - copy) if d and t else float("nan")
        cmin = c["min"] if c else 0.0
        best = (t["min"] - cmin) / (d["min"] - cmin) if d and t else float("nan")
        if d and t:
            faster[n] = best < 1
        f = lambda r: ("–" if not r else f"{r['score'] * 1e6:.1f}" if r["error"] != r["error"]
                       else f"{r['score'] * 1e6:.1f} ± {r['error'] * 1e6:.1f}")
        g = lambda r: f"{r['min'] * 1e6:.1f}" if r else "–"
        rows.append([n, f(d), g(d), f(t), g(t), f"{copy * 1e6:.2f}" if c else "–", f"{ratio:.3f}", f"**{best:.3f}**"])
    out.append(table(["N", "dsyevd mean (µs)", "dsyevd best", "dsyev_2stage mean (µs)", "dsyev_2stage best",
                      "copy (µs)", "2stage ÷ dsyevd (means)", "2stage ÷ dsyevd (best)"], rows))
    measured = sorted(faster)
    cross = None
    for i, n in enumerate(measured):
        if all(faster[m] for m in measured[i:]):
            cross = n
            break
    out.append("")
    if cross is None:
        out.append(f"dsyev_2stage is not faster at the largest size measured ({measured[-1] if measured else '–'}): "
                   "the crossover lies above it.")
    else:
        out.append(f"dsyev_2stage is faster from N = {cross} on (at every measured N ≥ {cross}); "
                   f"the constant in use is {TWO_STAGE_CROSSOVER}.")
    return out


def generic_section(cls, data):
    sizes = sorted({n for m in data.values() for n in m})
    out = [f"## {cls}", ""]
    out.append(table(["benchmark"] + [f"n = {n}" for n in sizes],
                     [[f"`{m}`"] + [f"{secs(data[m][n]['score'])}" if n in data[m] else "–" for n in sizes]
                      for m in sorted(data)]))
    return out


def main():
    results = load(sys.argv[1])
    env = load(sys.argv[2]) if len(sys.argv) > 2 else {}
    data = collect(results)
    global TWO_STAGE_CROSSOVER
    TWO_STAGE_CROSSOVER = env.get("two_stage_crossover", "?")
    threads = sorted({str(r["params"].get("threads")) for r in results if "params" in r})
    out = [f"# Benchmark results: {sys.argv[1].rsplit('/', 1)[-1]}", ""]
    facts = [("OpenBLAS", f"{env.get('openblas_version', '?')}, core **{env.get('openblas_core', '?')}** "
                          f"({env.get('openblas_config', '?')})"),
             ("OpenBLAS threads", ", ".join(threads) or env.get("openblas_threads", "?")),
             ("OPENBLAS_CORETYPE", env.get("openblas_coretype_env", "?")),
             ("JDK", f"{env.get('jdk', '?')} ({env.get('jvm', '?')})"),
             ("CPU", f"{env.get('cpu', '?')}, {env.get('available_processors', '?')} processors"),
             ("kernels", f"{env.get('kernels_version', '?')} ({env.get('kernels_isa', '?')}), JavaCPP "
                         f"{env.get('javacpp_version', '?')}"),
             ("pure Java", env.get("java_backend", "?")),
             ("TWO_STAGE_CROSSOVER", env.get("two_stage_crossover", "?")),
             ("JMH args", f"`{env.get('jmh_args') or '(class defaults)'}`; selection `{env.get('regex', '.*')}`"),
             ("wall time", f"{env.get('elapsed_seconds', '?')} s")]
    out.append(table(["fact", "value"], facts))
    skipped = [r for r in env.get("runs", []) if r.get("status") != "ok"]
    if skipped:
        out += ["", "Not complete: " + "; ".join(f"`{r['benchmark']}` {r['args']} {r['status']}" for r in skipped)]
    out.append("")
    for cls in sorted(data):
        if cls == "EigenBench":
            out += eigen_section(data[cls])
        elif cls == "EigenCrossoverBench":
            out += crossover_section(data[cls])
        else:
            out += generic_section(cls, data[cls])
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
