#!/usr/bin/env bash
# One session: the PyTorch epoch (mlp_epoch.py) and descent's (dev.descent.bench.MlpEpoch) with each
# kernel, one thread each, then the ratio descent / PyTorch per kernel (medians of the timed epochs).
#
#   descent-bench/torch/compare_epoch.sh [kernels…]      default: blas java ejml netlib-java netlib-vector
#
# Needs the bench jar (mvn -B -q -pl descent-bench -am package -DskipTests) and Debian's python3-torch.
# WARMUP and EPOCHS (default 2 and 3) set the untimed and timed epochs of every run.
#
# Both sides allocate a few fresh 800 KB arrays per step. Memory that is new to the process costs a
# page fault per 4 KiB page, and on this project's virtual machines a fault is slow (about 10 µs):
# glibc gives such blocks back to the kernel on free (mmap/munmap) and PyTorch then spends about
# 70% of its epoch in page faults; the JVM keeps its heap, but touches it for the first time during
# the first epochs. So by default each side runs as it would in a long training job: the JVM's heap
# is committed and touched up front (-Xms4g -XX:+AlwaysPreTouch), and glibc keeps freed memory
# (MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ at 4 GiB). AS_SHIPPED=1 runs both with their
# defaults instead (heap -Xmx4g only, glibc's defaults).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/descent-bench/target/benchmarks.jar"
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(blas java ejml netlib-java netlib-vector)
warmup="${WARMUP:-2}"
epochs="${EPOCHS:-3}"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
. "$root/bin/native-env" # the same OpenBLAS settings as bin/descent, for both sides
jvm=(-Xmx4g)
if [ -z "${AS_SHIPPED:-}" ]; then
  jvm=(-Xms4g -Xmx4g -XX:+AlwaysPreTouch)
  export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296
fi
log="$(mktemp)"
echo "load: $(uptime); OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(auto)}; JVM ${jvm[*]};" \
  "MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-(default)} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-(default)}"
/usr/bin/python3 "$root/descent-bench/torch/mlp_epoch.py" --warmup "$warmup" --epochs "$epochs" | tee -a "$log"
for k in "${kernels[@]}"; do
  java "${jvm[@]}" --add-modules=jdk.incubator.vector -cp "$jar" dev.descent.bench.MlpEpoch \
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
