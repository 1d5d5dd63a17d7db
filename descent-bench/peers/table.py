"""The table of run.sh: medians over the rounds of each (job, n, dtype, threads), and descent's speedup."""
import json
import statistics
import sys
from collections import defaultdict

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
steps = defaultdict(list)
epochs = defaultdict(list)
acc = {}
for r in rows:
    if r.get("job") == "mnist":
        key = (r["variant"], r["threads"], r["dtype"], r["peer"])
        epochs[key].append(r["epoch_seconds"])
        acc[key] = r["test_accuracy"]
    else:
        steps[(r["optimizer"], r["n"], r["threads"], r["dtype"], r["peer"])].append(r["params_per_second"])
med = lambda xs: statistics.median(xs) if xs else None
out = ["# descent against its peers", "", f"One run; {sys.argv[2].strip()}.", "",
       "Optimizer steps: parameters per second (millions), medians over the rounds. descent's optimizers are "
       "float64 (parameters and state are double[]): in the float32 rows descent's float64 step is compared "
       "with the peers' float32 step.", "",
       "| optimizer | n | threads | dtype (peers) | descent (f64) | torch | nd4j | descent ÷ torch | descent ÷ nd4j |",
       "|---|---|---|---|---|---|---|---|---|"]
fmt = lambda v: "—" if v is None else f"{v / 1e6:.0f}"
ratio = lambda a, b: "—" if a is None or b is None else f"{a / b:.2f}×"
for opt in ("adam", "momentum", "rmsprop"):
    for n in sorted({k[1] for k in steps}):
        for t in sorted({k[2] for k in steps}):
            d = med(steps[(opt, n, t, "float64", "descent")])
            for dt in ("float64", "float32"):
                to = med(steps[(opt, n, t, dt, "torch")])
                nd = med(steps[(opt, n, t, dt, "nd4j")])
                if d is None and to is None and nd is None:
                    continue
                out.append(f"| {opt} | {n:.0e} | {t} | {dt} | {fmt(d)} | {fmt(to)} | {fmt(nd)} | {ratio(d, to)} | {ratio(d, nd)} |")
out += ["", "MNIST MLP 784-128-10, Adam lr 1e-3, batch 128, the second of two epochs (seconds, medians), test "
        "accuracy after the two epochs; descent ÷ torch f32 is descent's epoch time over PyTorch float32's.", "",
        "| variant | threads | descent f64 | descent f32 | torch f64 | torch f32 | descent f32 ÷ torch f32 | descent f64 ÷ torch f32 |",
        "|---|---|---|---|---|---|---|---|"]
for v in ("shipped", "tuned"):
    for t in sorted({k[1] for k in epochs}):
        cell = lambda dt, p: med(epochs[(v, t, dt, p)])
        vals = [cell("float64", "descent"), cell("float32", "descent"), cell("float64", "torch"), cell("float32", "torch")]
        if all(x is None for x in vals):
            continue
        s = lambda x: "—" if x is None else f"{x:.3f}"
        q = lambda a, b: "—" if a is None or b is None else f"{a / b:.2f}"
        out.append(f"| {v} | {t} | " + " | ".join(s(x) for x in vals) + f" | {q(vals[1], vals[3])} | {q(vals[0], vals[3])} |")
accs = ", ".join(f"{p} {dt} {t}t {v}: {a:.4f}" for (v, t, dt, p), a in sorted(acc.items()))
out += ["", f"Test accuracy after two epochs: {accs}."]
print("\n".join(out))
