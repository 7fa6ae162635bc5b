#!/usr/bin/env bash
# Every test Tessera has, on a fresh machine: installs the interop peers and
# npm tools it lacks, lints the protocol, then runs the whole solution's tests.
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/install-deps.sh

echo "== buf lint (proto/)"
(cd proto && ../tools/node/node_modules/.bin/buf lint)

echo "== dotnet test Conformance.sln"
dotnet test Conformance.sln -c Release --nologo -v quiet -- RunConfiguration.TreatNoTestsAsError=true

echo "== newcomer walkthrough (README server command + Python grpcio client)"
bash scripts/newcomer-walkthrough.sh
