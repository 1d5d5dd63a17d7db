"""torch.optim steps on one tensor of n elements: the peer of `descent bench step`.

    python3 torch_step.py --threads T --n 1000000 10000000 --dtype float32 float64 --repetitions 15

Prints one JSON line per (optimizer, n, dtype): the median seconds of `opt.step()` over the
repetitions after a warmup, and parameters per second. torch 1.13's defaults (foreach=None picks
the single-tensor loop for one CPU tensor) with the hyperparameters descent's side uses.
"""
import argparse
import json
import os
import statistics
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, required=True)
parser.add_argument("--n", type=int, nargs="+", default=[1_000_000, 10_000_000])
parser.add_argument("--dtype", nargs="+", default=["float32", "float64"])
parser.add_argument("--optimizers", nargs="+", default=["adam", "momentum", "rmsprop"])
parser.add_argument("--repetitions", type=int, default=15)
parser.add_argument("--warmup", type=int, default=5)
args = parser.parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import torch  # noqa: E402

torch.set_num_threads(args.threads)

MAKE = {
    "adam": lambda p: torch.optim.Adam([p], lr=1e-3),
    "momentum": lambda p: torch.optim.SGD([p], lr=0.01, momentum=0.9),
    "rmsprop": lambda p: torch.optim.RMSprop([p], lr=0.01),
}

for name in args.optimizers:
    for n in args.n:
        for dt in args.dtype:
            g = torch.Generator().manual_seed(1)
            p = torch.randn(n, dtype=getattr(torch, dt), generator=g)
            p.grad = 0.01 * torch.randn(n, dtype=getattr(torch, dt), generator=g)
            opt = MAKE[name](p)
            for _ in range(args.warmup):
                opt.step()
            times = []
            for _ in range(args.repetitions):
                t0 = time.perf_counter()
                opt.step()
                times.append(time.perf_counter() - t0)
            med = statistics.median(times)
            print(json.dumps({"peer": "torch", "optimizer": name, "n": n, "dtype": dt, "threads": args.threads,
                              "torch": torch.__version__, "step_seconds": med, "params_per_second": n / med}))
            sys.stdout.flush()
