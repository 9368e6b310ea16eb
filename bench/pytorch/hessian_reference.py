#!/usr/bin/python3
"""PyTorch reference for shortcut-hessian: loss, gradient and exact Hessian of an n-shortcut network.

Reads the project's file formats (docs/DESIGN.md, "The model (contract)"):

  model JSON   {"dim": d, "units": R, "depth": n, "shortcut": true,
                "pre": "identity", "mid": "relu", "post": "identity"}
  weights.npy  float64 (R, n, d, d), weights[i, k] = W[i,k] acting as W·h
  inputs.npy, targets.npy  float64 (m, d), one sample per row

builds the network in float64 PyTorch and computes, as functions of the flat parameter vector θ
(N = R·n·d², index(i, k, row, col) = ((i·n + k)·d + col)·d + row, every matrix column-major):

  L(θ) = 1/(2m) Σ_j ||f(x_j) − y_j||²,  ∇L(θ) (N,),  ∇²L(θ) (N, N) with torch.autograd.functional.hessian.

Always run it with Debian's python, which has torch: /usr/bin/python3 (the pyenv python3 on PATH has none).

Examples:

  # a benchmark input (model, Xavier-normal weights, whitened Gaussian inputs, one-hot targets)
  /usr/bin/python3 bench/pytorch/hessian_reference.py --generate /tmp/case --dim 10 --units 8 --depth 2 \\
      --mid relu --samples 1000 --seed 1

  # torch's loss, gradient and Hessian of it, timed (best of 3), written to /tmp/case/torch
  /usr/bin/python3 bench/pytorch/hessian_reference.py --dir /tmp/case --threads 2 --repeat 3 --out /tmp/case/torch

  # ... and compared with another tool's hessian.npy / gradient.npy (exit 1 if they differ)
  /usr/bin/python3 bench/pytorch/hessian_reference.py --dir /tmp/case --compare /tmp/case/java

Exit codes: 0 success; 1 the comparison failed; 2 bad arguments or input files.
"""

import time

_T_START = time.perf_counter()  # before importing torch: seconds_total covers the imports too

import argparse
import json
import math
import os
import sys

import numpy as np
import torch

ACTIVATIONS = ("identity", "relu", "tanh")
MODEL_FIELDS = ("dim", "units", "depth", "shortcut", "pre", "mid", "post")
TOLERANCE = 1e-10


class InputError(Exception):
    """A bad argument or input file: reported on stderr, exit code 2."""


# ----------------------------------------------------------------------------------------------
# Files


def read_model(path):
    try:
        with open(path, "r", encoding="utf-8") as f:
            model = json.load(f)
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read the model JSON: {e}")
    if not isinstance(model, dict):
        raise InputError(f"{path}: expected a JSON object with fields {', '.join(MODEL_FIELDS)}")
    for key in model:
        if key not in MODEL_FIELDS:
            raise InputError(f"{path}: unknown field '{key}' (expected {', '.join(MODEL_FIELDS)})")
    for key in MODEL_FIELDS:
        if key not in model or model[key] is None:
            raise InputError(f"{path}: missing field '{key}'")
    for key in ("dim", "units", "depth"):
        v = model[key]
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise InputError(f"{path}: field '{key}' must be an integer >= 1, got {v!r}")
    if not isinstance(model["shortcut"], bool):
        raise InputError(f"{path}: field 'shortcut' must be true or false, got {model['shortcut']!r}")
    for key in ("pre", "mid", "post"):
        v = model[key]
        if not isinstance(v, str) or v.lower() not in ACTIVATIONS:
            raise InputError(f"{path}: field '{key}' must be one of {', '.join(ACTIVATIONS)}, got {v!r}")
        model[key] = v.lower()
    return model


def load_npy(path, shape=None, what="array"):
    try:
        a = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot read the {what} .npy: {e}")
    if a.dtype not in (np.float64, np.float32):
        raise InputError(f"{path}: dtype {a.dtype}, expected float64 (or float32)")
    a = np.ascontiguousarray(a, dtype=np.float64)
    if shape is not None and tuple(a.shape) != tuple(shape):
        raise InputError(f"{path}: shape {tuple(a.shape)}, expected {tuple(shape)} ({what})")
    if not np.all(np.isfinite(a)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
        raise InputError(f"{path}: NaN or Inf at index {bad}")
    return a


def weights_to_theta(weights):
    """(R, n, d, d) with weights[i, k] = W[i,k]  ->  θ (N,), each W flattened column-major."""
    r, n, d, _ = weights.shape
    return np.ascontiguousarray(weights.reshape(r * n, d, d).transpose(0, 2, 1)).reshape(-1)


def theta_to_weights(theta, model):
    r, n, d = model["units"], model["depth"], model["dim"]
    return np.ascontiguousarray(theta.reshape(r * n, d, d).transpose(0, 2, 1)).reshape(r, n, d, d)


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


# ----------------------------------------------------------------------------------------------
# The network as a function of θ


def activation(name):
    if name == "identity":
        return lambda t: t
    if name == "relu":
        return torch.relu  # relu'(0) = 0, relu'' = 0: the convention of docs/DESIGN.md
    if name == "tanh":
        return torch.tanh
    raise ValueError(name)


def network_from_theta(model):
    """Returns forward(theta, X) -> F, X and F of shape (m, d) (samples as rows)."""
    d, r, n = model["dim"], model["units"], model["depth"]
    pre, mid, post = activation(model["pre"]), activation(model["mid"]), activation(model["post"])
    shortcut = model["shortcut"]
    dd = d * d

    def forward(theta, x):
        h = x
        for i in range(r):
            t = pre(h)
            for k in range(n):
                l = i * n + k
                # θ block l is W[i,k] column-major, i.e. Wᵀ row-major: W = block.reshape(d, d).T
                w = theta[l * dd:(l + 1) * dd].reshape(d, d).T
                if k > 0:
                    t = mid(t)
                t = t @ w.T  # row j: W·t_j
            t = post(t)
            h = h + t if shortcut else t
        return h

    return forward


def loss_function(model, x, y):
    forward = network_from_theta(model)
    m = x.shape[0]

    def loss(theta):
        e = forward(theta, x) - y
        return 0.5 / m * (e * e).sum()

    return loss


def direct_model_check(model, weights, x, y, theta_grad, loss_value):
    """Loss and W.grad of an independent torch model on the (R, n, d, d) weights as nn-style
    parameters, mapped into θ order: guards the column-major flattening. Returns max |difference|
    relative to max |g| (and the loss difference)."""
    pre, mid, post = activation(model["pre"]), activation(model["mid"]), activation(model["post"])
    ws = [[torch.tensor(weights[i, k], dtype=torch.float64, requires_grad=True)
           for k in range(model["depth"])] for i in range(model["units"])]
    h = x
    for i in range(model["units"]):
        t = pre(h).T  # columns are samples: W·t
        for k in range(model["depth"]):
            if k > 0:
                t = mid(t)
            t = ws[i][k] @ t
        t = post(t).T
        h = h + t if model["shortcut"] else t
    loss = 0.5 / x.shape[0] * ((h - y) ** 2).sum()
    loss.backward()
    g_weights = np.stack([np.stack([ws[i][k].grad.numpy() for k in range(model["depth"])])
                          for i in range(model["units"])])
    g = weights_to_theta(g_weights)
    scale = max(float(np.max(np.abs(g))), 1e-300)
    return float(np.max(np.abs(g - theta_grad))) / scale, abs(float(loss) - loss_value)


# ----------------------------------------------------------------------------------------------
# --generate


def generate(args):
    d, r, n, m = args.dim, args.units, args.depth, args.samples
    if min(d, r, n) < 1:
        raise InputError("--dim, --units and --depth must be at least 1")
    if m <= d:
        raise InputError(f"--samples {m}: at least dim + 1 = {d + 1} samples are needed to whiten the inputs")
    model = {"dim": d, "units": r, "depth": n, "shortcut": not args.plain,
             "pre": args.pre, "mid": args.mid, "post": args.post}
    rng_w = np.random.default_rng(args.seed)
    std = args.weight_std if args.weight_std is not None else math.sqrt(2.0 / (d + d))  # Xavier normal
    weights = (args.gain * std) * rng_w.standard_normal((r, n, d, d))

    data_seed = args.data_seed if args.data_seed is not None else args.seed + 1
    rng_x = np.random.default_rng(data_seed)
    x = rng_x.standard_normal((m, d))
    x -= x.mean(axis=0)
    cov = x.T @ x / m
    lam, v = np.linalg.eigh(cov)
    x = x @ (v @ np.diag(lam ** -0.5) @ v.T)  # ZCA whitening: sample mean 0, sample covariance I
    teacher = rng_x.standard_normal((d, d))
    labels = np.argmax(x @ teacher.T, axis=1)  # class of a random linear teacher
    y = np.zeros((m, d))
    y[np.arange(m), labels] = 1.0

    os.makedirs(args.generate, exist_ok=True)
    write_json(os.path.join(args.generate, "model.json"), model)
    np.save(os.path.join(args.generate, "weights.npy"), weights)
    np.save(os.path.join(args.generate, "inputs.npy"), x)
    np.save(os.path.join(args.generate, "targets.npy"), y)
    print(f"wrote {args.generate}: model.json {json.dumps(model)}, weights.npy {weights.shape} "
          f"(std {args.gain * std:.6g}, seed {args.seed}), inputs.npy / targets.npy ({m}, {d}) (seed {data_seed})")


# ----------------------------------------------------------------------------------------------
# --compare


def compare(args, hessian, gradient, loss):
    ok = True
    hfile = os.path.join(args.compare, "hessian.npy")
    gfile = os.path.join(args.compare, "gradient.npy")
    other_h = load_npy(hfile, hessian.shape, "Hessian")
    diff = np.abs(other_h - hessian)
    hmax = float(np.max(np.abs(hessian)))
    abs_h = float(np.max(diff))
    rel_h = abs_h / hmax if hmax > 0 else abs_h
    worst = np.unravel_index(int(np.argmax(diff)), diff.shape)
    print(f"hessian:  max|H| = {hmax:.6e}  max abs diff = {abs_h:.3e}  max rel diff (to max|H|) = {rel_h:.3e}"
          f"  at {tuple(int(i) for i in worst)}")
    if rel_h > TOLERANCE:
        ok = False
    if os.path.exists(gfile):
        other_g = load_npy(gfile, gradient.shape, "gradient")
        gmax = float(np.max(np.abs(gradient)))
        abs_g = float(np.max(np.abs(other_g - gradient)))
        rel_g = abs_g / gmax if gmax > 0 else abs_g
        print(f"gradient: max|g| = {gmax:.6e}  max abs diff = {abs_g:.3e}  max rel diff (to max|g|) = {rel_g:.3e}")
        if rel_g > TOLERANCE:
            ok = False
    rfile = os.path.join(args.compare, "result.json")
    if os.path.exists(rfile):
        try:
            with open(rfile, "r", encoding="utf-8") as f:
                other_loss = json.load(f).get("loss")
        except (OSError, ValueError):
            other_loss = None
        if isinstance(other_loss, (int, float)):
            rel_l = abs(other_loss - loss) / max(abs(loss), 1e-300)
            print(f"loss:     {loss:.17g} vs {other_loss:.17g}  rel diff = {rel_l:.3e}")
            if rel_l > TOLERANCE:
                ok = False
    print("agree" if ok else f"DIFFER (tolerance {TOLERANCE:g} relative)")
    return ok


# ----------------------------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="PyTorch reference: loss, gradient and exact Hessian (torch.autograd.functional.hessian) "
                    "of an n-shortcut network, in shortcut-hessian's file formats and parameter order.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run with /usr/bin/python3 (Debian's python has torch).")
    src = p.add_argument_group("inputs (either --dir or the four files)")
    src.add_argument("--dir", help="directory with model.json, weights.npy, inputs.npy, targets.npy")
    src.add_argument("--model", help="model JSON")
    src.add_argument("--weights", help="weights .npy, float64 (R, n, d, d)")
    src.add_argument("--inputs", help="inputs .npy, (m, d)")
    src.add_argument("--targets", help="targets .npy, (m, d)")
    run = p.add_argument_group("computation")
    run.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (default 1)")
    run.add_argument("--repeat", type=int, default=1, help="time the Hessian K times, report the minimum (default 1)")
    run.add_argument("--vectorize", action="store_true",
                     help="pass vectorize=True to torch.autograd.functional.hessian (batched vmap backward "
                          "passes; default: one backward pass per row, torch's default)")
    run.add_argument("--out", help="write hessian.npy, gradient.npy and result.json into this directory")
    run.add_argument("--compare", help="compare with hessian.npy and gradient.npy (and result.json's loss) "
                                       "in this directory; exit 1 if they differ by more than 1e-10 relative")
    run.add_argument("--no-check", action="store_true",
                     help="skip the cross-check of the θ-gradient against W.grad of a direct torch model")
    gen = p.add_argument_group("--generate DIR: write model.json, weights.npy, inputs.npy, targets.npy")
    gen.add_argument("--generate", metavar="DIR", help="generate a benchmark input into DIR and exit")
    gen.add_argument("--dim", type=int, default=10)
    gen.add_argument("--units", type=int, default=4)
    gen.add_argument("--depth", type=int, default=2)
    gen.add_argument("--plain", action="store_true", help="no shortcut (h <- t)")
    gen.add_argument("--pre", default="identity", choices=ACTIVATIONS)
    gen.add_argument("--mid", default="relu", choices=ACTIVATIONS)
    gen.add_argument("--post", default="identity", choices=ACTIVATIONS)
    gen.add_argument("--samples", type=int, default=1000, help="m (default 1000)")
    gen.add_argument("--seed", type=int, default=0, help="seed of the weights (default 0)")
    gen.add_argument("--data-seed", type=int, help="seed of the data (default seed + 1)")
    gen.add_argument("--weight-std", type=float,
                     help="standard deviation of the weights (default Xavier normal, sqrt(2/(d+d)))")
    gen.add_argument("--gain", type=float, default=1.0, help="multiplies the standard deviation (default 1)")
    args = p.parse_args(argv)
    if args.generate:
        return args
    if args.dir:
        for key, name in (("model", "model.json"), ("weights", "weights.npy"),
                          ("inputs", "inputs.npy"), ("targets", "targets.npy")):
            if getattr(args, key) is None:
                setattr(args, key, os.path.join(args.dir, name))
    missing = [k for k in ("model", "weights", "inputs", "targets") if getattr(args, k) is None]
    if missing:
        p.error("missing " + ", ".join("--" + k for k in missing) + " (or give --dir)")
    if args.threads < 1 or args.repeat < 1:
        p.error("--threads and --repeat must be at least 1")
    return args


def run(args):
    torch.set_num_threads(args.threads)
    model = read_model(args.model)
    d, r, n = model["dim"], model["units"], model["depth"]
    weights = load_npy(args.weights, (r, n, d, d), "weights (R, n, d, d)")
    x_np = load_npy(args.inputs, None, "inputs")
    y_np = load_npy(args.targets, None, "targets")
    for path, a in ((args.inputs, x_np), (args.targets, y_np)):
        if a.ndim != 2 or a.shape[1] != d or a.shape[0] == 0:
            raise InputError(f"{path}: shape {a.shape}, expected (m, {d}) with m >= 1")
    if x_np.shape != y_np.shape:
        raise InputError(f"{args.targets}: {y_np.shape[0]} samples, but {args.inputs} has {x_np.shape[0]}")
    n_params = r * n * d * d
    theta_np = weights_to_theta(weights)
    assert np.array_equal(theta_to_weights(theta_np, model), weights)

    x = torch.from_numpy(x_np)
    y = torch.from_numpy(y_np)
    theta = torch.from_numpy(theta_np.copy())
    f = loss_function(model, x, y)

    # loss and gradient
    tv = theta.clone().requires_grad_(True)
    loss_t = f(tv)
    (grad_t,) = torch.autograd.grad(loss_t, tv)
    loss = float(loss_t)
    gradient = grad_t.detach().numpy().copy()

    if not args.no_check:
        rel, dloss = direct_model_check(model, weights, x, y, gradient, loss)
        if rel > 1e-12 or dloss > 1e-12 * max(abs(loss), 1.0):
            raise RuntimeError(f"internal check failed: θ-gradient differs from W.grad by {rel:.3e} (relative), "
                               f"loss by {dloss:.3e}")

    # warm-up on a tiny network with the same activations (autograd machinery, thread pool)
    tiny = dict(model, dim=2, units=1)
    tiny_x = torch.ones((2, 2), dtype=torch.float64)
    torch.autograd.functional.hessian(loss_function(tiny, tiny_x, tiny_x),
                                      torch.full((n * 4,), 0.3, dtype=torch.float64),
                                      vectorize=args.vectorize)

    times = []
    hessian = None
    for _ in range(args.repeat):
        hessian = None
        t0 = time.perf_counter()
        h = torch.autograd.functional.hessian(f, theta, vectorize=args.vectorize)
        times.append(time.perf_counter() - t0)
        hessian = h
    hessian = hessian.detach().numpy()
    assert hessian.shape == (n_params, n_params)

    sym = float(np.max(np.abs(hessian - hessian.T)))
    print(f"model {json.dumps(model)}, m = {x_np.shape[0]}, N = {n_params}")
    print(f"loss = {loss:.17g}, |g| = {float(np.linalg.norm(gradient)):.6e}, max|H| = "
          f"{float(np.max(np.abs(hessian))):.6e}, max|H - H^T| = {sym:.3e}")
    print(f"hessian: {min(times):.6f} s (min of {args.repeat}), torch {torch.__version__}, threads {args.threads}"
          f"{', vectorize' if args.vectorize else ''}")

    ok = True
    if args.compare:
        ok = compare(args, hessian, gradient, loss)

    if args.out:
        os.makedirs(args.out, exist_ok=True)
        np.save(os.path.join(args.out, "hessian.npy"), np.ascontiguousarray(hessian, dtype=np.float64))
        np.save(os.path.join(args.out, "gradient.npy"), np.ascontiguousarray(gradient, dtype=np.float64))
        result = {
            "loss": loss,
            "parameters": n_params,
            "seconds_hessian": min(times),
            "seconds_total": None,
            "torch_version": torch.__version__,
            "threads": args.threads,
        }
        result["seconds_total"] = time.perf_counter() - _T_START
        write_json(os.path.join(args.out, "result.json"), result)
        print(f"wrote {args.out}: hessian.npy, gradient.npy, result.json "
              f"(seconds_total {result['seconds_total']:.3f})")
    return 0 if ok else 1


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.generate:
            generate(args)
            return 0
        return run(args)
    except InputError as e:
        print(f"hessian_reference.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
