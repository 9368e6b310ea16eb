#!/usr/bin/env python3
"""The benchmark suite of issue 5: what runs, with which contenders, sizes and call counts.

    suite.py plan [--smoke] [--budget-seconds S] [--forks F] [--rounds R] OP... > plan.json
    suite.py jobs plan.json          # one line a JMH run: benchmark<TAB>JMH args<TAB>label

OP is an operation (gemm, eigenvalues, eigenpairs, assembly, hvp), a group (eigen) or all.
bench/run calls both; bench/tools/report.py reads OPS for the theory and the goals.

Adding a benchmark class to the suite is one more Op(...) line in OPS (and its name in GROUPS["all"],
which takes every op by default). Each Op says: the name on the command line, the JMH class, the
parameter grid (every combination is one JMH run per contender), the contenders, the estimated seconds
of one call per contender (an anchored power law, only for planning: call counts, skips, the budget),
and what the report fits (log-log slopes against the theory).

Planning, per (op, grid point, contender), from the estimated time t of one call:
  * t above LONGEST_CALL (60 s) skips the run, with the estimate as the reason, unless the op allows
    long calls at that point (eigenvalues at N = 6400, where the issue's goal is);
  * call counts fall as t grows (CALLS below); the report takes the minimum over the measured calls;
  * over the budget: first fewer calls (the REDUCED, then the MINIMAL counts), and only then whole runs
    are dropped, the most expensive first (which are the largest sizes of the slowest contenders); every
    drop is listed in the plan and in the report.
"""
import argparse
import itertools
import json
import math
import sys
from dataclasses import dataclass, field

# seconds; a run whose one call is estimated longer is skipped (the issue: "where one call finishes within a minute")
LONGEST_CALL = 60.0
# an allowed long call (LONG_OK points) still has to stay under this
LONGEST_ALLOWED = 300.0
# JVM fork, native libraries, JMH harness, inputs and the result check, per JMH run (seconds; ~1 s measured at small sizes)
RUN_OVERHEAD = 2.0
CONTENDERS = ["native", "direct", "java", "ojalgo", "ejml", "commons-math"]
PURE_JAVA = ["java", "ojalgo", "ejml", "commons-math"]

# (upper bound of the estimated call time in s, warm-up calls, measured calls) for single-shot runs;
# average-time runs use 1 s iterations and the same counts as iterations.
CALLS = [(0.2, 3, 10), (2.0, 2, 5), (15.0, 1, 3), (30.0, 1, 2), (LONGEST_CALL, 0, 2), (math.inf, 0, 1)]
REDUCED = [(0.2, 2, 5), (2.0, 1, 3), (15.0, 1, 2), (30.0, 0, 2), (math.inf, 0, 1)]
MINIMAL = [(2.0, 1, 2), (math.inf, 0, 1)]
SMOKE = [(math.inf, 1, 1)]


@dataclass
class Cost:
    """Estimated seconds of one call: per contender (anchor value of the grid, seconds there), scaled
    by (param / anchor)^exponent for each param in `exponents`; the same anchor params for all."""
    anchor: dict
    seconds: dict
    exponents: dict
    per_contender_exponents: dict = field(default_factory=dict)
    source: str = ""

    def estimate(self, contender, point):
        t = self.seconds[contender]
        exps = dict(self.exponents, **self.per_contender_exponents.get(contender, {}))
        for k, e in exps.items():
            t *= (float(point[k]) / float(self.anchor[k])) ** e
        return t


@dataclass
class Op:
    name: str                 # on the command line
    cls: str                  # JMH class in org.shortcuthessian.bench
    grid: dict                # param -> values (order kept: the table's row order)
    contenders: list
    cost: Cost
    mode: str = "ss"          # ss: single-shot calls; avgt: average time over 1 s iterations
    unit: str = "s"           # unit of the table
    slopes: list = field(default_factory=list)   # [(x param, theory exponent by series key, held params)]
    long_ok: dict = field(default_factory=dict)  # param -> values where calls up to LONGEST_ALLOWED run
    what: str = ""
    notes: dict = field(default_factory=dict)    # contender -> footnote in the table

    def points(self, smoke=False):
        keys = list(self.grid)
        values = [self.grid[k][:2] if smoke else self.grid[k] for k in keys]
        return [dict(zip(keys, combo)) for combo in itertools.product(*values)]


# Anchors: EigenBench full run and HessianBench (bench/results/README.md, README.md), and smoke runs of
# this suite for EJML and Commons Math (N = 400, 800; n = 10, 100); exponents: theory, or fitted where
# the pure-Java libraries fall off the cache (3.2).
OPS = [
    Op("gemm", "GemmBench", {"size": [10, 100, 1000, 2000]}, CONTENDERS,
       Cost({"size": 1000}, {"native": 0.017, "direct": 0.017, "java": 0.20, "ojalgo": 0.15, "ejml": 0.13,
                             "commons-math": 1.5}, {"size": 3}, source="smoke runs at n = 10, 100, 1000"),
       mode="avgt", unit="ms", what="C ← A·B, n×n, average time per call"),
    Op("eigenvalues", "EigenValuesBench", {"size": [400, 800, 1600, 3200, 6400]}, CONTENDERS,
       Cost({"size": 3200}, {"native": 1.10, "direct": 1.10, "java": 8.75, "ojalgo": 8.75, "ejml": 15.6,
                             "commons-math": 109.0}, {"size": 3},
            {c: {"size": 3.2} for c in PURE_JAVA}, source="EigenBench (native, ojAlgo), smoke at N = 800 (EJML, Commons Math)"),
       slopes=[("size", {"*": 3}, [])], long_ok={"size": [6400]},
       what="symmetric eigenvalues only, single-shot",
       notes={"commons-math": "Commons Math has no eigenvalues-only path: its time is that of the full decomposition"}),
    Op("eigenpairs", "EigenPairsBench", {"size": [400, 800, 1600, 3200, 6400]}, CONTENDERS,
       Cost({"size": 3200}, {"native": 3.35, "direct": 3.27, "java": 41.8, "ojalgo": 41.8, "ejml": 47.6,
                             "commons-math": 87.0}, {"size": 3},
            {c: {"size": 3.2} for c in ("ejml", "commons-math")} | {c: {"size": 2.9} for c in ("java", "ojalgo")},
            source="EigenBench (native, ojAlgo), smoke at N = 800 (EJML, Commons Math)"),
       slopes=[("size", {"*": 3}, [])], what="all eigenpairs of a symmetric matrix, single-shot"),
    Op("assembly", "AssemblyBench",
       {"network": ["linear", "relu"], "samples": [1000, 10000, 60000], "size": [400, 1600, 6400]}, ["native", "java"],
       Cost({"size": 1600, "samples": 10000}, {"native": 0.5, "java": 7.0}, {"size": 2, "samples": 1},
            source="HessianBench, relu R = 8, m = 10 000 (linear: far below)"),
       slopes=[("size", {"linear": 2, "relu": 2}, ["network", "samples"]),
               ("samples", {"linear": 0, "relu": 1}, ["network", "size"])],
       what="dense Hessian assembly (d = 10, 2-shortcut), single-shot"),
    Op("hvp", "HvpBench", {"network": ["linear", "relu"], "samples": [10000], "size": [400, 1600, 6400]},
       ["native", "java"],
       Cost({"size": 1600, "samples": 10000}, {"native": 0.1, "java": 0.1}, {"size": 1, "samples": 1},
            source="HessianBench (one HVP, N = 6400: 0.35 s)"),
       slopes=[("size", {"linear": 1, "relu": 1}, ["network", "samples"])],
       what="one Hessian-vector product (d = 10, 2-shortcut), single-shot"),
    Op("sweep", "SweepBench", {"size": [3200]}, ["native"],
       Cost({"size": 3200}, {"native": 25.0}, {"size": 3}, source="reproduce fig4 --quick: 24 s"),
       what="reproduce fig4 --quick end to end (72 cells, CSV, 3 PNGs, manifest), single-shot"),
]
# The linear (moments) assembly does not depend on m beyond an O(m·d²) moment pass and costs ~6 ms at
# N = 1600: its estimate is that of relu scaled down.
LINEAR_ASSEMBLY_FACTOR = 0.02

GROUPS = {"eigen": ["eigenvalues", "eigenpairs"], "all": [op.name for op in OPS]}
BY_NAME = {op.name: op for op in OPS}
BY_CLASS = {op.cls: op for op in OPS}

# Theory of the slopes, for the report: why each exponent.
THEORY = {
    "eigenvalues": "dense symmetric eigensolver: O(N³) (tridiagonal reduction 4/3·N³, then O(N²))",
    "eigenpairs": "O(N³) (reduction and back-transformation)",
    "assembly": "every dense path writes N² entries. Moments path (linear): per layer pair d×d products and a "
                "d²×d² Kronecker block, O(L²·d⁴) = O(N²), independent of m but for one O(m·d²) pass for the "
                "moments Σxx, Σyx per call. General path (relu): per layer pair a (d²×m)·(m×d²) product, "
                "O(L²·d⁴·m) = O(N²·m), plus the tangents O(L²·d³·m) = O(N²·m/d) — with L = N/d² layers",
    "hvp": "forward-over-reverse over the data: O(m·L·d²) = O(m·N)",
}


def estimate(op, contender, point):
    t = op.cost.estimate(contender, point)
    if op.name == "assembly" and point.get("network") == "linear":
        t = LINEAR_ASSEMBLY_FACTOR * op.cost.estimate(contender, dict(point, samples=op.cost.anchor["samples"]))
    return t


def calls_for(t, table):
    for bound, wi, i in table:
        if t <= bound:
            return wi, i
    return table[-1][1:]


def run_seconds(op, t, wi, i, forks):
    per_iteration = (1.0 + t) if op.mode == "avgt" else t
    return forks * (RUN_OVERHEAD + (wi + i) * per_iteration)


def expand(names):
    out = []
    for n in names:
        for m in GROUPS.get(n, [n]):
            if m not in BY_NAME:
                raise SystemExit(f"suite: unknown operation '{m}' (expected {', '.join(list(BY_NAME) + list(GROUPS))})")
            if m not in out:
                out.append(m)
    return out


def jmh_args(op, point, contender, wi, i, forks, smoke):
    args = [f"-p contender={contender}"] + [f"-p {k}={v}" for k, v in point.items()]
    args += [f"-wi {wi}", f"-i {i}", f"-f {forks}"]
    if op.mode == "avgt":
        t = "100ms" if smoke else "1s"
        args += [f"-w {t}", f"-r {t}"]
    return " ".join(args)


def plan(names, smoke=False, budget=0.0, forks=1, rounds=1):
    ops = [BY_NAME[n] for n in expand(names)]
    runs, skipped = [], []
    for op in ops:
        for point in op.points(smoke):
            for c in op.contenders:
                t = estimate(op, c, point)
                long_ok = all(point.get(k) in v for k, v in op.long_ok.items()) if op.long_ok else False
                limit = LONGEST_ALLOWED if long_ok else LONGEST_CALL
                if t > limit:
                    skipped.append({"op": op.name, "class": op.cls, "contender": c, "params": point,
                                    "estimate_s": round(t, 3),
                                    "reason": f"one call ~{t:.0f} s (estimated), over the {limit:.0f} s limit"})
                    continue
                runs.append({"op": op.name, "class": op.cls, "contender": c, "params": point, "estimate_s": t,
                             "long_call": t > LONGEST_CALL})
    levels = [("smoke", SMOKE)] if smoke else [("full", CALLS), ("reduced", REDUCED), ("minimal", MINIMAL)]
    level = None
    for name, table in levels:
        total = 0.0
        for r in runs:
            wi, i = calls_for(r["estimate_s"], table)
            r.update(warmup=wi, measured=i)
            total += run_seconds(BY_NAME[r["op"]], r["estimate_s"], wi, i, forks)
        level = name
        if not budget or total * rounds <= budget:
            break
    dropped = []
    if budget:
        def cost(r):
            return run_seconds(BY_NAME[r["op"]], r["estimate_s"], r["warmup"], r["measured"], forks)
        while runs and sum(map(cost, runs)) * rounds > budget:
            worst = max(runs, key=cost)
            runs.remove(worst)
            dropped.append(dict(worst, reason=f"dropped for the budget (~{cost(worst):.0f} s)"))
    total = sum(run_seconds(BY_NAME[r["op"]], r["estimate_s"], r["warmup"], r["measured"], forks) for r in runs)
    for r in runs:
        op = BY_NAME[r["op"]]
        r["estimate_s"] = round(r["estimate_s"], 4)
        r["benchmark"] = f"org.shortcuthessian.bench.{op.cls}.run"
        r["args"] = jmh_args(op, r["params"], r["contender"], r["warmup"], r["measured"], forks, smoke)
    return {"ops": [op.name for op in ops], "smoke": smoke, "level": level, "forks": forks, "rounds": rounds,
            "budget_s": budget, "estimated_s": round(total * rounds), "runs": runs, "skipped": skipped,
            "dropped": [dict(d, estimate_s=round(d["estimate_s"], 3)) for d in dropped],
            "longest_call_s": LONGEST_CALL}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("plan")
    p.add_argument("ops", nargs="*", default=["all"])
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--budget-seconds", type=float, default=0.0)
    p.add_argument("--forks", type=int, default=1)
    p.add_argument("--rounds", type=int, default=1)
    j = sub.add_parser("jobs")
    j.add_argument("plan")
    a = ap.parse_args(argv)
    if a.cmd == "plan":
        json.dump(plan(a.ops or ["all"], a.smoke, a.budget_seconds, a.forks, a.rounds), sys.stdout, indent=1)
        print()
    else:
        with open(a.plan) as fh:
            pl = json.load(fh)
        for r in pl["runs"]:
            print(f"{r['benchmark']}\t{r['args']}\t{r['op']} {r['contender']} "
                  + " ".join(f"{k}={v}" for k, v in r["params"].items()))


if __name__ == "__main__":
    main(sys.argv[1:])
