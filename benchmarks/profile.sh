#!/usr/bin/env bash
# Profiles one benchmark with Java Flight Recorder and prints where its time and allocations go.
#
#   benchmarks/profile.sh retry_uni            (the method name of a RetryBenchmarks benchmark)
#   benchmarks/profile.sh retry_uni 10         (seconds of measurement; default 8)
#
# Needs the built application (benchmarks/run.sh builds it). Prints the hottest frames (top of stack, from
# jdk.ExecutionSample: not biased to safepoints, unlike -prof stack) and the allocated classes by sampled weight
# (jdk.ObjectAllocationSample). The recording stays in benchmarks/target/profile-<name>.jfr for `jfr print` or JMC.
set -euo pipefail
name="$1"; seconds="${2:-8}"
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$BENCH"
jfr_file="target/profile-$name.jfr"
java -Xms1g -Xmx1g -XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=filename="$jfr_file",settings=profile \
    -jar target/quarkus-app/quarkus-run.jar -wi 2 -w 2s -i 1 -r "${seconds}s" "\\.${name}\$" \
    | grep -E "^RetryBenchmarks\\.${name} " || true
jfr print --json --events jdk.ExecutionSample,jdk.ObjectAllocationSample "$jfr_file" | python3 -c '
import json, sys, collections
events = json.load(sys.stdin)["recording"]["events"]
top, leaf, alloc = collections.Counter(), collections.Counter(), collections.Counter()
samples = 0
def worker(v):
    t = v.get("sampledThread") or v.get("eventThread") or {}
    return "jmh-worker" in (t.get("javaName") or "")
def name(f):
    m = f["method"]
    return m["type"]["name"] + "." + m["name"] + ":" + str(f.get("lineNumber", ""))
for e in events:
    v = e["values"]
    frames = (v.get("stackTrace") or {}).get("frames") or []
    if e["type"] == "jdk.ExecutionSample":
        if not worker(v) or not frames:
            continue  # only the benchmark threads
        samples += 1
        leaf[name(frames[0])] += 1
        for f in {name(f) for f in frames[:12]}:
            top[f] += 1
    else:
        if worker(v):
            site = next((name(f) for f in frames if not f["method"]["type"]["name"].startswith(("java.", "jdk."))), "?")
            alloc[(v["objectClass"]["name"], site)] += v["weight"]
print(f"\nCPU: {samples} samples of the benchmark thread; hottest leaf frames:")
for k, n in leaf.most_common(20):
    print(f"  {100.0 * n / max(samples, 1):5.1f}%  {k}")
print("\nFrames most often on the stack (top 12 frames of each sample):")
for k, n in top.most_common(25):
    print(f"  {100.0 * n / max(samples, 1):5.1f}%  {k}")
total = sum(alloc.values())
print("\nAllocation by class and first non-JDK allocation site (share of sampled weight):")
for (cls, site), w in alloc.most_common(20):
    print(f"  {100.0 * w / max(total, 1):5.1f}%  {cls}  at {site}")
'
