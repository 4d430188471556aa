#!/usr/bin/env bash
# Takes the Dev UI screenshots of docs/modules/ROOT/assets/images (dev-ui-methods.png, dev-ui-guards.png):
# starts the demo in dev mode, makes the README's calls, clicks through the Retry card in headless Chromium.
#
#   docs/tools/dev-ui-screenshots.sh      (needs Debian's chromium package and npm; installs puppeteer-core in /tmp)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IMAGES="$ROOT/docs/modules/ROOT/assets/images"
TOOLS="${TMPDIR:-/tmp}/quarkus-retry-screenshots"
command -v chromium > /dev/null || { echo "chromium is missing: apt-get install chromium" >&2; exit 1; }
mkdir -p "$TOOLS"
[ -d "$TOOLS/node_modules/puppeteer-core" ] || (cd "$TOOLS" && npm install --silent puppeteer-core@23 > /dev/null)

cd "$ROOT"
./mvnw -B -q install -DskipTests -pl runtime,deployment
./mvnw -B -pl integration-tests quarkus:dev -Dquarkus.console.enabled=false > "$TOOLS/dev.log" 2>&1 &
dev=$!
trap 'kill $dev 2> /dev/null || true; pkill -f integration-tests-dev.jar || true' EXIT
until curl -sf localhost:8080/q/health/live > /dev/null; do sleep 1; done

for _ in 1 2 3; do curl -s 'localhost:8080/flaky/sync?failures=2' > /dev/null; done
curl -s 'localhost:8080/flaky/uni?failures=2' > /dev/null
curl -s 'localhost:8080/flaky/completion-stage?failures=5' > /dev/null
curl -s 'localhost:8080/flaky/fast?failures=1' > /dev/null
curl -s 'localhost:8080/flaky/reserve?quantity=0' > /dev/null
curl -s 'localhost:8080/http/stock?failures=2&status=503' > /dev/null
curl -s 'localhost:8080/http/stock?failures=5&status=404' > /dev/null
curl -s -X POST 'localhost:8080/http/order?failures=1&status=503' > /dev/null

NODE_PATH="$TOOLS/node_modules" node "$ROOT/docs/tools/dev-ui-screenshots.js" http://localhost:8080 "$IMAGES"
echo "Wrote $IMAGES/dev-ui-methods.png and $IMAGES/dev-ui-guards.png"
