#!/usr/bin/env bash
# Runs the quarkus-retry benchmarks and writes a markdown report.
#
#   benchmarks/run.sh                 build, every JMH benchmark (one JVM each) with -prof gc, the scale test
#   benchmarks/run.sh --startup       ... plus the startup comparison (installs runtime+deployment into ~/.m2 first)
#   benchmarks/run.sh --quick         1 short warmup/measurement iteration: checks that everything runs (~3 min)
#   benchmarks/run.sh --only REGEX    only the benchmarks whose method name matches REGEX (e.g. 'retry_sync$')
#   benchmarks/run.sh --no-build --no-scale --startup-runs N --jmh '-wi 5 -w 2s -i 10 -r 2s'
#                                     (--jmh replaces the default iteration options '-wi 3 -w 2s -i 5 -r 2s')
#
# Output: benchmarks/target/results/<timestamp>/{jmh/*.json,logs/,scale.json,startup.json,results.md,chart.svg}
# (and benchmarks/target/results/latest -> that directory). The report is printed at the end.
#
# Each benchmark runs in a JVM of its own (the application boots, JMH runs in-process with forks=0, the JVM exits):
# JMH cannot fork a JVM that boots Quarkus, so this loop gives back what forks give, a fresh JIT profile per
# benchmark. Total time with the defaults (3 x 2 s warmup, 5 x 2 s measurement, 29 benchmarks): about 10 minutes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/benchmarks"
JAR="$BENCH/target/quarkus-app/quarkus-run.jar"

build=1 scale=1 startup=0 startup_runs=15 only=''
jmh_opts='-wi 3 -w 2s -i 5 -r 2s'
jvm_opts='-Xms1g -Xmx1g'
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) jmh_opts='-wi 1 -w 1s -i 1 -r 1s'; startup_runs=3 ;;
        --no-build) build=0 ;;
        --no-scale) scale=0 ;;
        --startup) startup=1 ;;
        --startup-runs) startup_runs="$2"; shift ;;
        --only) only="$2"; shift ;;
        --jmh) jmh_opts="$2"; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

cd "$ROOT"
if [ "$build" = 1 ]; then
    echo "Building the benchmark application ..."
    ./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
fi

out="$BENCH/target/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out/jmh" "$out/logs"
ln -sfn "$out" "$BENCH/target/results/latest"

jdk="$(java -version 2>&1 | head -n 2 | tail -n 1)"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
cat > "$out/env.json" <<JSON
{"date": "$(date -u +%Y-%m-%dT%H:%MZ)", "jdk": "$jdk", "cpu": "$cpu", "cores": $(nproc),
 "jmh": "1.37, $jmh_opts, -prof gc, one JVM per benchmark ($jvm_opts)",
 "loadBefore": "$(cut -d' ' -f1-3 /proc/loadavg)", "loadAfter": ""}
JSON

cd "$BENCH"   # the WARN-logging row writes target/retry-warn.log relative to here
mapfile -t benchmarks < <(java -jar "$JAR" -l 2>/dev/null | sed -n 's/^io\.quarkiverse\.retry\.benchmarks\.RetryBenchmarks\.//p')
if [ -n "$only" ]; then
    mapfile -t benchmarks < <(printf '%s\n' "${benchmarks[@]}" | grep -E -- "$only" || true)
fi
[ "${#benchmarks[@]}" -gt 0 ] || { echo "no benchmark matches" >&2; exit 1; }

i=0
for b in "${benchmarks[@]}"; do
    i=$((i + 1))
    printf '[%2d/%d] %-28s ' "$i" "${#benchmarks[@]}" "$b"
    # shellcheck disable=SC2086
    if ! java $jvm_opts -jar "$JAR" $jmh_opts -prof gc -foe true -rf json -rff "$out/jmh/$b.json" \
            "\\.${b}\$" > "$out/logs/$b.log" 2>&1; then
        echo "FAILED (see $out/logs/$b.log)"; exit 1
    fi
    awk -v b="RetryBenchmarks.$b" '$1 == b && $2 == "avgt" { print (NF == 7 ? $4 " ± " $6 : $3), $NF }' \
        "$out/logs/$b.log" || echo
done
if [ "$scale" = 1 ]; then
    echo "Scale test ..."
    java -Xms2g -Xmx2g -jar "$JAR" scale "$out/scale.json" > "$out/logs/scale.log" 2>&1 \
        || { echo "scale test FAILED (see $out/logs/scale.log)"; exit 1; }
fi

if [ "$startup" = 1 ]; then
    echo "Startup comparison (installs quarkus-retry into ~/.m2, builds 3 generated applications) ..."
    (cd "$ROOT" && ./mvnw -B -q install -pl runtime,deployment -DskipTests)
    python3 "$BENCH/startup/startup.py" "$ROOT" "$out/startup.json" --runs "$startup_runs" 2> "$out/logs/startup.log" \
        || { echo "startup comparison FAILED (see $out/logs/startup.log)"; exit 1; }
fi

sed -i "s|\"loadAfter\": \"\"|\"loadAfter\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"|" "$out/env.json"
rm -f "$BENCH/target/retry-warn.log"*
python3 "$BENCH/report.py" "$out" > "$out/results.md"
python3 "$BENCH/chart.py" "$out" "$out/chart.svg"
cat "$out/results.md"
echo
echo "Report: $out/results.md"
