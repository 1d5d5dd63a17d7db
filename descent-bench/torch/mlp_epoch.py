#!/usr/bin/env python3
"""One training epoch of the MLP 784-128-10 in PyTorch, the reference for descent's MlpEpoch.

Same work as dev.descent.bench.MlpEpoch: synthetic data of MNIST's shape (60000 x 784, uniform
[0, 1), labels uniform in 0..9), float64, batch 128 in a shuffled order (469 steps, the last of 96
rows), Linear(784, 128) -> ReLU -> Linear(128, 10), mean cross-entropy, Adam lr 1e-3, one thread.
Not a dependency of anything; run it with Debian's python3-torch:

    /usr/bin/python3 descent-bench/torch/mlp_epoch.py --warmup 2 --epochs 3

The thread count is pinned before torch is imported: torch.set_num_threads(1) for its own
OpenMP pool, and OPENBLAS_NUM_THREADS=1 / OMP_NUM_THREADS=1 for the BLAS that Debian's torch calls
for float64 products (libblas.so.3, which is OpenBLAS once libopenblas0-pthread is installed and
the slow reference BLAS otherwise: the script prints which).

Most of an epoch can go to page faults here: glibc returns each freed 800 KB tensor to the kernel,
and the next one faults its pages in again. compare_epoch.sh therefore runs this script with
MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ raised (glibc reads them at start-up).
"""
import argparse
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import time  # noqa: E402

import torch  # noqa: E402
from torch import nn  # noqa: E402

N, IN, HIDDEN, OUT, BATCH = 60000, 784, 128, 10, 128


def blas_library():
    """The shared library libblas.so.3 resolves to in this process (Linux)."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                if "libblas" in line or "openblas" in line:
                    return os.path.realpath(line.split()[-1])
    except OSError:
        pass
    return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    x = torch.rand(N, IN, dtype=torch.float64)
    y = torch.randint(0, OUT, (N,))
    model = nn.Sequential(nn.Linear(IN, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, OUT)).double()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def epoch(e):
        order = torch.randperm(N, generator=torch.Generator().manual_seed(args.seed * 31 + e))
        loss = None
        for start in range(0, N, BATCH):
            idx = order[start:start + BATCH]
            xb, yb = x[idx], y[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
        return loss.item()

    model(x[:BATCH]).sum()  # loads the BLAS, so the line below can name it
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')}, BLAS {blas_library()}")
    times = []
    for e in range(args.warmup + args.epochs):
        t0 = time.perf_counter()
        loss = epoch(e)
        dt = time.perf_counter() - t0
        timed = e >= args.warmup
        print(f"{'epoch' if timed else 'warmup'} {e}: {dt:.3f} s  last loss {loss:.4f}")
        if timed:
            times.append(dt)
    times.sort()
    print(f"RESULT torch median_s={times[len(times) // 2]:.4f} min_s={times[0]:.4f} epochs={len(times)}")


if __name__ == "__main__":
    main()
