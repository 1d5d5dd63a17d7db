"""One MNIST epoch of the MLP 784-128-10 (ReLU, softmax cross-entropy, Adam lr 1e-3, batch 128) in
PyTorch: the peer of `descent train --epochs 2` (the second epoch is timed on both sides).

    python3 torch_mnist.py --data ../shared/data/mnist --threads T --dtype float32

torch's nn.Linear initialization, a seeded permutation per epoch, batches of 128 (the last of 96),
the 60 000 training rows scaled to [0, 1]. torch.set_num_threads(T), and the BLAS threads T. Prints a
JSON line: the timed epoch's seconds and the test accuracy after both epochs.
"""
import argparse
import gzip
import json
import os
import time

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--threads", type=int, required=True)
parser.add_argument("--dtype", default="float32")
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(args.threads)


def idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


dt = getattr(torch, args.dtype)
x = torch.from_numpy(idx(os.path.join(args.data, "train-images-idx3-ubyte.gz"), 16).reshape(-1, 784) / 255.0).to(dt)
y = torch.from_numpy(idx(os.path.join(args.data, "train-labels-idx1-ubyte.gz"), 8).astype(np.int64))
xt = torch.from_numpy(idx(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"), 16).reshape(-1, 784) / 255.0).to(dt)
yt = torch.from_numpy(idx(os.path.join(args.data, "t10k-labels-idx1-ubyte.gz"), 8).astype(np.int64))
torch.manual_seed(args.seed)
model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)).to(dt)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
times = []
for epoch in range(2):
    perm = torch.randperm(x.shape[0], generator=torch.Generator().manual_seed(args.seed * 1000 + epoch))
    t0 = time.perf_counter()
    for b in range(0, x.shape[0], 128):
        i = perm[b:b + 128]
        opt.zero_grad()
        loss = loss_fn(model(x[i]), y[i])
        loss.backward()
        opt.step()
    times.append(time.perf_counter() - t0)
with torch.no_grad():
    acc = (model(xt).argmax(1) == yt).double().mean().item()
print(json.dumps({"peer": "torch", "dtype": args.dtype, "threads": args.threads, "first_epoch_seconds": times[0],
                  "epoch_seconds": times[1], "test_accuracy": acc, "torch": torch.__version__}))
