"""The NumPy peer of the benchmark: the plain full-batch gradient step in float32, timed per size.

Reads a JSON list of sizes [{"n", "d", "k"}, ...] and a budget in ms from argv, prints one JSON document:
{"numpy": version, "blas": ..., "threads": ..., "cells": [{"size", "stepsPerSecond"}]}.
The step, op for op the benchmark's raw tfjs step (ReLU, squared loss, one arm):
Z = X W, A = relu(Z), yhat = A v, r = yhat - y, grad = X^T (relu'(Z) * r * v) / n, W -= lr grad.
"""
import json
import os
import sys
import time

import numpy as np

LR = np.float32(0.1)


def make_problem(n, d, k, rng):
    X = rng.standard_normal((n, d), dtype=np.float32)
    W_star = rng.standard_normal((d, k), dtype=np.float32) / np.float32(np.sqrt(d))
    v = np.where(rng.random(k) < 0.5, -1.0, 1.0).astype(np.float32)
    y = np.maximum(X @ W_star, 0) @ v
    W = rng.standard_normal((d, k), dtype=np.float32) / np.float32(np.sqrt(d))
    return X, y.astype(np.float32), W, v


def step(X, y, W, v):
    """One step, in place on W."""
    n = X.shape[0]
    Z = X @ W
    r = np.maximum(Z, 0) @ v - y
    G = (Z > 0) * r[:, None] * v[None, :]
    W -= (LR / np.float32(n)) * (X.T @ G)


def rate(n, d, k, budget_s):
    """Steps per second at best, as the tfjs side measures it: one untimed step, batches doubled until one takes an
    eighth of the budget, then batches of that size until the budget is spent; the fastest batch counts."""
    X, y, W, v = make_problem(n, d, k, np.random.default_rng(1))
    step(X, y, W, v)

    def run(count):
        t0 = time.perf_counter()
        for _ in range(count):
            step(X, y, W, v)
        return time.perf_counter() - t0

    started = time.perf_counter()
    batch = 1
    seconds = run(batch)
    while seconds < budget_s / 8 and time.perf_counter() - started < budget_s / 2:
        batch *= 2
        seconds = run(batch)
    best = seconds
    while time.perf_counter() - started + seconds <= budget_s:
        seconds = run(batch)
        best = min(best, seconds)
    return batch / best


def blas_info():
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # older NumPy: no dict mode
        return "unknown BLAS"


def main():
    sizes = json.loads(sys.argv[1])
    budget_s = float(sys.argv[2]) / 1000
    cells = []
    for size in sizes:
        n, d, k = size["n"], size["d"], size["k"]
        try:
            cells.append({"size": size, "stepsPerSecond": rate(n, d, k, budget_s)})
        except MemoryError:
            cells.append({"size": size, "stepsPerSecond": None, "skipped": "out of memory"})
    threads = os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS") or str(os.cpu_count())
    print(json.dumps({"numpy": np.__version__, "blas": blas_info(), "threads": threads, "cells": cells}))


if __name__ == "__main__":
    main()
