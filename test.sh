#!/usr/bin/env bash
# Every test Tessera has, on a fresh machine: installs the interop peers and
# npm tools it lacks, lints the protocol, then runs the whole solution's tests.
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/install-deps.sh

echo "== buf lint (proto/)"
(cd proto && ../tools/node/node_modules/.bin/buf lint)

echo "== buf breaking (proto/ against tessera.v1 as first published, proto/BREAKING_BASELINE)"
bash scripts/buf-breaking.sh

echo "== dotnet test Conformance.sln"
log=$(mktemp)
results=$(mktemp -d)
trap 'rm -rf "$log" "$results"' EXIT
status=0
dotnet test Conformance.sln -c Release --nologo -v quiet --results-directory "$results" --logger trx \
  -- RunConfiguration.TreatNoTestsAsError=true | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  /usr/bin/python3 scripts/trx-failures.py "$results" || true
  exit "$status"
fi

echo "== packages: pack, install tessera-conformance from the local folder, run it with the reference server it starts (--server-command), the docs check, the xunit example"
bash scripts/pack-and-install.sh

echo "== cluster: the whole suite (real clock) against three reference-server nodes on one redis-server"
bash scripts/cluster-conformance.sh
echo "== cluster: the whole suite on the test clock shared through Redis (three nodes)" && bash scripts/cluster-conformance.sh --test-clock --no-build --max-tests 30

echo "== benchmark smoke run (every figure, tiny counts; fails on errors, not on targets)"
bash bench/run.sh --smoke

echo "== newcomer walkthrough (README server command + Python grpcio client)"
bash scripts/newcomer-walkthrough.sh

echo "== interop (Node grpc-js SessionService client, grpc-js-reflection-client; reflection off -> UNIMPLEMENTED)"
bash scripts/interop.sh

# One closing line over every test project, in the plain form CI reads.
awk '/^(Passed|Failed)!/ { for (i = 1; i < NF; i++) { v = $(i+1); gsub(/,/, "", v); if ($i == "Passed:") p += v; if ($i == "Failed:") f += v } }
     END { printf "dotnet: %d passed, %d failed\n", p, f }' "$log"
