#!/usr/bin/env python3
"""Turns a JMH JSON result of KernelBenchmark into a GFLOP/s table with ratios to the java kernel.

usage: python3 gflops.py kernels.json
"""
import json
import sys


def main(path):
    rows = {}
    kernels = []
    shapes = []
    for r in json.load(open(path)):
        p = r["params"]
        kernel, shape = p["kernel"], p["shape"]
        us = r["primaryMetric"]["score"]
        m, n, k = (int(x) for x in shape.split("_")[1].split("x"))
        rows[(kernel, shape)] = (us, 2.0 * m * n * k / (us * 1e-6) / 1e9)
        if kernel not in kernels:
            kernels.append(kernel)
        if shape not in shapes:
            shapes.append(shape)
    print("| shape | " + " | ".join(f"{k} µs" for k in kernels) + " |")
    print("|---" * (len(kernels) + 1) + "|")
    for s in shapes:
        print(f"| {s} | " + " | ".join(f"{rows[(k, s)][0]:.1f}" for k in kernels) + " |")
    print()
    print("| shape | " + " | ".join(f"{k} GFLOP/s" for k in kernels) + " | best/java |")
    print("|---" * (len(kernels) + 2) + "|")
    for s in shapes:
        g = [rows[(k, s)][1] for k in kernels]
        java = rows[("java", s)][1] if ("java", s) in rows else float("nan")
        print(f"| {s} | " + " | ".join(f"{x:.2f}" for x in g) + f" | {max(g) / java:.2f}× |")


if __name__ == "__main__":
    main(sys.argv[1])
