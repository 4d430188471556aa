#!/usr/bin/env bash
# A/B comparison of two builds of the benchmark application, run alternately so that both see the same machine.
#
#   benchmarks/compare.sh BEFORE_DIR AFTER_DIR [--runs N] [--only REGEX] [--jmh '-wi 3 -w 2s -i 5 -r 2s']
#                         [--apps BEFORE_APP AFTER_APP] [--labels BEFORE_LABEL AFTER_LABEL]
#
# BEFORE_DIR and AFTER_DIR are checkouts whose benchmarks were built
# (./mvnw -Pbenchmarks -pl runtime,deployment,benchmarks package -DskipTests). Each benchmark runs N times in a JVM of
# its own per build (before, after, before, after, ...); the table gives the median score and allocation of each.
# --apps names the application directories under benchmarks/target (default quarkus-app for both): the same checkout
# twice with --apps quarkus-app quarkus-app-micrometer compares two builds of one checkout (see micrometer.sh).
# Output: a markdown table on stdout; the raw JMH JSON under AFTER_DIR/benchmarks/target/compare/<timestamp>/.
set -euo pipefail

before="$1"; after="$2"; shift 2
runs=3 only='' jmh_opts='-wi 3 -w 2s -i 5 -r 2s'
before_app=quarkus-app after_app=quarkus-app before_label=before after_label=after
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift ;;
        --only) only="$2"; shift ;;
        --jmh) jmh_opts="$2"; shift ;;
        --apps) before_app="$2"; after_app="$3"; shift 2 ;;
        --labels) before_label="$2"; after_label="$3"; shift 2 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done

out="$after/benchmarks/target/compare/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
jar() { echo "$1/benchmarks/target/$2/quarkus-run.jar"; }
mapfile -t benchmarks < <(java -jar "$(jar "$after" "$after_app")" -l 2>/dev/null \
    | sed -n 's/^io\.quarkiverse\.retry\.benchmarks\.RetryBenchmarks\.//p' | grep -E -- "${only:-.}")

for b in "${benchmarks[@]}"; do
    for r in $(seq 1 "$runs"); do
        for side in before after; do
            dir="$before" app="$before_app"; [ "$side" = after ] && dir="$after" app="$after_app"
            # shellcheck disable=SC2086
            (cd "$dir/benchmarks" && java -Xms1g -Xmx1g -jar "$(jar "$dir" "$app")" $jmh_opts -prof gc -foe true -rf json \
                -rff "$out/$b.$side.$r.json" "\\.${b}\$" > "$out/$b.$side.$r.log" 2>&1) \
                || echo "$b ($side, run $r) FAILED: see $out/$b.$side.$r.log" >&2
        done
    done
    echo "done: $b" >&2
done

python3 - "$out" "$runs" "$before_label" "$after_label" "${benchmarks[@]}" <<'PY'
import json, os, statistics, sys
out, runs, before_label, after_label, names = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
def read(name, side):
    scores, allocs = [], []
    for r in range(1, runs + 1):
        path = os.path.join(out, f"{name}.{side}.{r}.json")
        try:
            data = json.load(open(path))[0]
        except Exception:
            continue
        scores.append(data["primaryMetric"]["score"])
        alloc = data.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if alloc:
            allocs.append(alloc["score"])
    return scores, allocs
print(f"| benchmark | {before_label} ns/op (median, runs) | {after_label} ns/op (median, runs) | {after_label} / {before_label} "
      f"| {before_label} B/op | {after_label} B/op |")
print("|---|---:|---:|---:|---:|---:|")
for n in names:
    bs, ba = read(n, "before")
    as_, aa = read(n, "after")
    if not bs or not as_:
        print(f"| {n} | {'failed' if not bs else ''} | {'failed' if not as_ else ''} | | | |")
        continue
    fmt = lambda xs: f"{statistics.median(xs):.1f} ({', '.join(f'{x:.1f}' for x in xs)})"
    ratio = statistics.median(as_) / statistics.median(bs)
    alloc = lambda xs: f"{statistics.median(xs):.0f}" if xs else ""
    print(f"| `{n}` | {fmt(bs)} | {fmt(as_)} | {ratio:.2f}× | {alloc(ba)} | {alloc(aa)} |")
PY
