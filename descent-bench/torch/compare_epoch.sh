#!/usr/bin/env bash
# One session: the PyTorch epoch (mlp_epoch.py) and descent's (dev.descent.bench.MlpEpoch) with each
# kernel, one thread each, then the ratio descent / PyTorch per kernel (medians of the timed epochs).
#
#   descent-bench/torch/compare_epoch.sh [kernels…]      default: blas java ejml netlib-java netlib-vector
#
# Needs the bench jar (mvn -B -q -pl descent-bench -am package -DskipTests) and Debian's python3-torch.
# WARMUP and EPOCHS (default 2 and 3) set the untimed and timed epochs of every run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/descent-bench/target/benchmarks.jar"
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(blas java ejml netlib-java netlib-vector)
warmup="${WARMUP:-2}"
epochs="${EPOCHS:-3}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
. "$root/bin/native-env" # the same OpenBLAS settings as bin/descent, for both sides
log="$(mktemp)"
echo "load: $(uptime); OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(auto)}"
/usr/bin/python3 "$root/descent-bench/torch/mlp_epoch.py" --warmup "$warmup" --epochs "$epochs" | tee -a "$log"
for k in "${kernels[@]}"; do
  java -Xms4g -Xmx4g --add-modules=jdk.incubator.vector -cp "$jar" dev.descent.bench.MlpEpoch \
    --kernel "$k" --warmup "$warmup" --epochs "$epochs" 2>/dev/null | tee -a "$log"
done
echo "load: $(uptime)"
python3 - "$log" <<'PY'
import re, sys
torch, rows = None, []
for line in open(sys.argv[1]):
    m = re.match(r"RESULT (torch|descent kernel=(\S+)) median_s=([\d.]+) min_s=([\d.]+)", line)
    if m:
        if m.group(1) == "torch":
            torch = float(m.group(3))
        else:
            rows.append((m.group(2), float(m.group(3)), float(m.group(4))))
print()
print(f"| run | median epoch s | descent / PyTorch |")
print(f"|---|---|---|")
print(f"| PyTorch | {torch:.3f} | 1 |")
for k, med, mn in rows:
    print(f"| descent, {k} | {med:.3f} | {med / torch:.2f} |")
PY
rm -f "$log"
