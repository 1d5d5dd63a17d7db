#!/usr/bin/env bash
# descent against its peers, in one run: optimizer steps (Adam, SGD with momentum, RMSprop) against
# torch.optim (Debian's python3-torch 1.13) and ND4J 1.0.0-M2.1 (nd4j-native, linux-x86_64-avx2), then
# one MNIST MLP epoch against PyTorch; the sides alternate, round after round, and the table shows
# medians over the rounds and descent's speedup over each peer.
#
#   descent-bench/peers/run.sh [--quick] [--rounds R] [--out FILE] [--data DIR]
#
# Installs python3-torch (apt) if missing and fetches ND4J with Maven into its own project
# (descent-bench/peers/nd4j, outside the reactor: nothing else depends on ND4J). The MNIST epoch needs
# the IDX files (default ../shared/data/mnist from the repository root). --quick: one round, n = 1e6,
# no MNIST tuned variants. Every side runs with its shipped defaults ("shipped"); the MNIST epoch also
# runs "tuned": descent with a committed, pre-touched heap, torch with glibc keeping freed memory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/descent-bench/peers"
rounds=3 quick="" out="$here/results.md" data="$root/../shared/data/mnist"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; rounds=1 ;;
    --rounds) rounds="$2"; shift ;;
    --out) out="$2"; shift ;;
    --data) data="$2"; shift ;;
    *) echo "run.sh: unknown option $1 (--quick, --rounds R, --out FILE, --data DIR)" >&2; exit 2 ;;
  esac
  shift
done
sizes=(1000000 10000000); [ -n "$quick" ] && sizes=(1000000)
reps=15; [ -n "$quick" ] && reps=7
threads=(1 2)

if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo "installing python3-torch" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q python3-torch >&2; else sudo apt-get install -y -q python3-torch >&2; fi
fi
(cd "$here/nd4j" && mvn -q -B package -DskipTests && mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt) >&2
nd4j_cp="$here/nd4j/target/descent-bench-peers-nd4j-0.1.0-SNAPSHOT.jar:$(cat "$here/nd4j/target/cp.txt")"
(cd "$root" && mvn -q -B package -DskipTests -pl descent-cli -am) >&2
log="$(mktemp)"
echo "load before: $(uptime)" >&2

spec() { case "$1" in adam) echo "adam(lr=1e-3)" ;; momentum) echo "momentum(lr=0.01, momentum=0.9)" ;; rmsprop) echo "rmsprop(lr=0.01)" ;; esac; }

for r in $(seq 1 "$rounds"); do
  echo "round $r of $rounds: optimizer steps" >&2
  for t in "${threads[@]}"; do
    for opt in adam momentum rmsprop; do
      for n in "${sizes[@]}"; do
        "$root/bin/descent" bench step --optimizer "$(spec $opt)" --params "$n" --threads "$t" --repetitions "$reps" \
          --json 2>/dev/null | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); d.update(peer='descent', \
optimizer='$opt', n=$n, dtype='float64', threads=$t); print(json.dumps(d))" >> "$log"
      done
    done
    /usr/bin/python3 "$here/torch_step.py" --threads "$t" --n "${sizes[@]}" --repetitions "$reps" >> "$log"
    OMP_NUM_THREADS="$t" java -cp "$nd4j_cp" dev.descent.peers.Nd4jStep "$t" "$reps" "${sizes[@]}" 2>/dev/null \
      | grep '^{' >> "$log"
  done
  echo "round $r of $rounds: MNIST epoch" >&2
  variants=(shipped); [ -z "$quick" ] && variants=(shipped tuned)
  for v in "${variants[@]}"; do
    for t in "${threads[@]}"; do
      for p in f64 f32; do
        opts=""; [ "$v" = tuned ] && opts="-Xms4g -XX:+AlwaysPreTouch"
        DESCENT_JAVA_OPTS="$opts" "$root/bin/descent" train --data "$data" --model mlp:128 --optimizer "adam(lr=1e-3)" \
          --epochs 2 --batch-size 128 --seed 1 --threads "$t" --precision "$p" --json 2>/dev/null \
          | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); h=d['history']; print(json.dumps(dict(\
peer='descent', job='mnist', variant='$v', dtype={'f64':'float64','f32':'float32'}['$p'], threads=$t, \
epoch_seconds=h[1]['elapsed_seconds']-h[0]['elapsed_seconds'], test_accuracy=d['test']['accuracy'])))" >> "$log"
      done
      for dt in float64 float32; do
        if [ "$v" = tuned ]; then
          MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296 /usr/bin/python3 "$here/torch_mnist.py" \
            --data "$data" --threads "$t" --dtype "$dt"
        else
          /usr/bin/python3 "$here/torch_mnist.py" --data "$data" --threads "$t" --dtype "$dt"
        fi | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); d.update(job='mnist', variant='$v'); \
print(json.dumps(d))" >> "$log"
      done
    done
  done
done
echo "load after: $(uptime)" >&2
/usr/bin/python3 "$here/table.py" "$log" "$(uptime)" | tee "$out"
cp "$log" "${out%.md}.jsonl"
