#!/usr/bin/env bash
# What the retry meters cost: the benchmark application without and with Micrometer (the Prometheus registry),
# run alternately with compare.sh.
#
#   benchmarks/micrometer.sh [--no-build] [--runs N] [--only REGEX] [--jmh '...']
#
# Builds target/quarkus-app (as run.sh does) and target/quarkus-app-micrometer (profile micrometer), then compares
# them on the rows where the meters are on the path: the no-op interceptor (the yardstick of "≤ 2× the no-op
# interceptor"), first-try successes in each shape, and calls that fail twice.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=1 args=() only='^(noop_sync|retry_sync|retry_uni|retry_cs|retryGuarded_sync|retryBreaker_sync|retry_sync2Fail|retry_uni2Fail)$'
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) build=0 ;;
        --only) only="$2"; shift ;;
        --runs|--jmh) args+=("$1" "$2"); shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

cd "$ROOT"
if [ "$build" = 1 ]; then
    echo "Building the benchmark application without and with Micrometer ..." >&2
    ./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
    ./mvnw -B -q -Pbenchmarks,micrometer -pl benchmarks package -DskipTests \
        -Dquarkus.package.output-directory=quarkus-app-micrometer
fi
"$ROOT/benchmarks/compare.sh" "$ROOT" "$ROOT" --apps quarkus-app quarkus-app-micrometer \
    --labels "without Micrometer" "with Micrometer" --only "$only" "${args[@]}"
