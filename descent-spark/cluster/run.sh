#!/usr/bin/env bash
# A real Spark cluster on this machine: a standalone master and two workers, each its own JVM, started
# from Maven's Spark jars (no Spark download), on loopback addresses only. Submits `descent train
# --engine spark` to it with SparkSubmit and descent.jar as the job jar, runs the same training
# locally, checks that both give the same numbers, and stops every process it started.
#
#   descent-spark/cluster/run.sh [--data PATH] [--model SPEC] [--optimizer SPEC] [--epochs N]
#                                [--batch-size M] [--keep DIR] [--no-bench]
#
# Defaults: ../shared/data/mnist when it is there (else a generated CSV of 20 000 rows), softmax,
# adam(lr=1e-3), 1 epoch, batch 128. Then `bench spark` on the cluster (a round's fixed cost at
# d = 1e5; --no-bench skips it). The results (cluster.json, local.json) and the daemons' logs stay
# in --keep DIR (default: a temporary directory, printed). Exit 0 when the results match.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="$root/../shared/data/mnist"
model=softmax
optimizer="adam(lr=1e-3)"
epochs=1
batch=128
keep=
bench=1
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --optimizer) optimizer="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --batch-size) batch="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --no-bench) bench=; shift ;;
    *) echo "cluster/run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
work="${keep:-$(mktemp -d /tmp/descent-cluster.XXXXXX)}"
mkdir -p "$work"
echo "cluster: working in $work"

# the CLI jar (it holds descent-spark; Spark itself is provided) and the list of Spark's jars
jar="$root/descent-cli/target/descent.jar"
# (one reactor run, so that descent's own modules resolve without being installed)
(cd "$root" && mvn -B -q -DskipTests -pl descent-cli -am package dependency:build-classpath -DincludeScope=compile \
   -DexcludeGroupIds=dev.descent -Dmdep.outputFile=target/spark-classpath.txt)
sparkcp="$(cat "$root/descent-spark/target/spark-classpath.txt")"
# a Spark home for the workers: they launch executors with the jars in $SPARK_HOME/jars
export SPARK_HOME="$work/spark-home"
rm -rf "$SPARK_HOME"; mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
IFS=: read -r -a jars <<< "$sparkcp"
for j in "${jars[@]}"; do ln -s "$j" "$SPARK_HOME/jars/"; done
cp "$root/descent-spark/src/main/resources/dev/descent/spark/log4j2-quiet.properties" "$SPARK_HOME/conf/log4j2.properties"
# the launcher that builds executor command lines asks for the Scala version of the jars
export SPARK_SCALA_VERSION=2.13
export SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$work/logs" SPARK_WORKER_DIR="$work/work"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
mkdir -p "$SPARK_LOG_DIR" "$SPARK_WORKER_DIR"
logconf="-Dlog4j2.configurationFile=file:$SPARK_HOME/conf/log4j2.properties"

if [ ! -e "$data" ]; then
  data="$work/blobs.csv"
  echo "cluster: no MNIST at ../shared/data/mnist; generating $data"
  awk 'BEGIN { srand(7); print "x0,x1,x2,x3,x4,y";
    for (i = 0; i < 20000; i++) { y = int(rand() * 3); line = "";
      for (j = 0; j < 5; j++) { v = (rand() + rand() + rand() - 1.5) * 2 + (j % 3 == y ? 2 : 0); line = line sprintf("%.6f,", v) }
      print line y } }' > "$data"
fi

pids=()
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  # executors are the workers' children; none may outlive the script
  pkill -f "$SPARK_HOME" 2>/dev/null || true
}
trap stop_all EXIT

# the master, on a free port (it logs the one it took; the daemons log at Spark's default INFO level)
java -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
  --port 0 --webui-port 0 > "$SPARK_LOG_DIR/master.log" 2>&1 &
pids+=($!)
url=
for _ in $(seq 1 120); do
  url="$(grep -o 'spark://127.0.0.1:[0-9]*' "$SPARK_LOG_DIR/master.log" | head -1 || true)"
  [ -n "$url" ] && break
  sleep 0.5
done
if [ -z "$url" ]; then
  echo "cluster: the master did not print its URL; see $SPARK_LOG_DIR/master.log" >&2; exit 1
fi
echo "cluster: master at $url (pid ${pids[0]})"
for w in 1 2; do
  java -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
    --cores 1 --memory 3g --webui-port 0 --work-dir "$SPARK_WORKER_DIR/w$w" "$url" \
    > "$SPARK_LOG_DIR/worker$w.log" 2>&1 &
  pids+=($!)
  echo "cluster: worker $w (pid $!)"
done

submit() {
  java $logconf -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit --master "$url" --deploy-mode client \
    --class dev.descent.cli.DescentCommand --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.executor.memory=2g --conf spark.executor.cores=1 --conf spark.cores.max=2 \
    --conf spark.ui.enabled=false --conf spark.executorEnv.OPENBLAS_NUM_THREADS="$OPENBLAS_NUM_THREADS" \
    --driver-java-options "$logconf" "$jar" "$@"
}

args=(train --engine spark --partitions 2 --data "$data" --model "$model" --optimizer "$optimizer"
      --epochs "$epochs" --batch-size "$batch" --seed 1 --json)
echo "cluster: spark-submit --master $url --class dev.descent.cli.DescentCommand descent.jar ${args[*]}"
t0=$(date +%s.%N)
submit "${args[@]}" > "$work/cluster.json" 2> "$work/cluster.err"
t1=$(date +%s.%N)
grep '^spark' "$work/cluster.err" || true
echo "cluster: the job took $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
if [ -n "$bench" ]; then
  echo "cluster: spark-submit … descent.jar bench spark --params 100000 --partitions 2"
  submit bench spark --params 100000 --partitions 2 --repetitions 20 > "$work/bench.txt" 2> "$work/bench.err" \
    || { echo "cluster: bench spark failed; see $work/bench.err" >&2; }
  cat "$work/bench.txt"
fi

echo "cluster: the same training in one JVM"
"$root/bin/descent" "${args[@]:0:1}" "${args[@]:5}" > "$work/local.json" 2> "$work/local.err"

/usr/bin/env python3 - "$work/cluster.json" "$work/local.json" <<'PY'
import json, sys
c, l = (json.load(open(p)) for p in sys.argv[1:3])
e = c["engine"]
print(f"cluster: engine {e['kind']} {e['master']}, {e['partitions']} partitions, Spark {e['spark_version']},"
      f" {e['rounds']} rounds, {e['tasks']} tasks ({e['failed_tasks']} failed)")
rows = [("test accuracy", c["test"]["accuracy"], l["test"]["accuracy"]),
        ("test loss", c["test"]["loss"], l["test"]["loss"]),
        ("train loss", c["train"]["loss"], l["train"]["loss"])]
rows += [(f"epoch {h['epoch']} loss", h["loss"], k["loss"]) for h, k in zip(c["history"], l["history"])]
worst = 0.0
for name, a, b in rows:
    rel = abs(a - b) / max(abs(b), 1e-300)
    worst = max(worst, rel)
    print(f"  {name:16s} cluster {a:.15g}   local {b:.15g}   relative difference {rel:.1e}")
print(f"cluster: seconds per epoch {c['seconds_per_epoch']:.2f} on the cluster, {l['seconds_per_epoch']:.2f} locally")
ok = c["engine"]["kind"] == "spark" and c["steps"] == l["steps"] and worst < 1e-9 \
     and c["test"]["accuracy"] == l["test"]["accuracy"]
print("cluster: MATCH (relative difference <= %.1e: the order of the gradient sums)" % worst if ok
      else "cluster: MISMATCH")
sys.exit(0 if ok else 1)
PY
status=$?
stop_all
trap - EXIT
left=$(pgrep -f "$SPARK_HOME" | wc -l || true)
echo "cluster: stopped the master, the 2 workers and their executors ($left processes left)"
exit $status
