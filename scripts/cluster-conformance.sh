#!/usr/bin/env bash
# The conformance suite against a real multi-node deployment: scripts/cluster.sh
# starts redis-server and three reference-server nodes on the Redis store, and
# the suite judges them as one server in cluster mode (each step of a sequence
# on a node the seed picks, concurrent starts spread over every node). Runs on
# the real clock by default; with --test-clock the nodes share one test clock
# through Redis (AdvanceTime on any node fires every node's due timers, CLK-3),
# and the suite runs every case, the clock/* ones too, on it.
#   scripts/cluster-conformance.sh [--nodes N] [--test-clock] [--no-build] [suite options, e.g. --run 'single-session/*']
# --no-build runs what an earlier run built (the test command's second run).
set -euo pipefail
cd "$(dirname "$0")/.."

nodes=3
build=1
node_args=()
suite_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes="$2"; shift 2 ;;
    --test-clock) node_args+=(--test-clock); shift ;;
    --no-build) build=0; node_args+=(--no-build); shift ;;
    *) suite_args+=("$1"); shift ;;
  esac
done

log=$(mktemp)
cluster=""
cleanup() {
  if [ -n "$cluster" ]; then
    # TERM, not INT: a background job of a non-interactive shell ignores SIGINT.
    kill -TERM "$cluster" 2>/dev/null || true
    wait "$cluster" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap cleanup EXIT

[ "$build" = 0 ] || dotnet build conformance/Tessera.Conformance.Cli -c Release -v quiet --nologo >/dev/null
bash scripts/cluster.sh --nodes "$nodes" "${node_args[@]}" >"$log" 2>&1 &
cluster=$!
for _ in $(seq 1 300); do
  grep -q "^Run conformance" "$log" && break
  kill -0 "$cluster" 2>/dev/null || break
  sleep 0.2
done
grep -q "^Run conformance" "$log" || { echo "cluster-conformance: the cluster did not start:"; cat "$log"; exit 1; }
sed -n '/^redis/,/^node '"$nodes"'/p' "$log"

# The suite command cluster.sh prints, run from the built CLI rather than `dotnet run`.
command=$(grep -A1 "^Run conformance" "$log" | tail -n 1 | sed 's/^ *dotnet run --project conformance\/Tessera.Conformance.Cli -- //')
echo "cluster-conformance: tessera-conformance $command ${suite_args[*]}"
# shellcheck disable=SC2086 # the printed options are separate words
dotnet conformance/Tessera.Conformance.Cli/bin/Release/net10.0/tessera-conformance.dll $command "${suite_args[@]}"
