#!/usr/bin/env bash
# Tessera's benchmarks. Builds Release, measures every figure against a
# baseline taken in the same run (the machines are shared and noisy, so only
# same-run ratios mean anything), prints the table and writes it into
# docs/benchmarks.md between its generated-results markers.
#
#   bench/run.sh                 full run (about 10 minutes); updates docs/benchmarks.md
#   bench/run.sh --smoke         every figure with tiny counts, well under a minute once
#                                built; fails on errors, never on missed targets; writes nothing
#   bench/run.sh --only rps,micro --rounds 9 --verbose
#                                any other `tessera-bench run` option (see --help)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# h2load (nghttp2-client) drives the request-rate figures and the cluster figures
# start redis-server (issue 11); install-deps.sh adds
# them (and the rest of the test dependencies) on a fresh machine.
{ command -v h2load && command -v redis-server; } >/dev/null || bash scripts/install-deps.sh

dotnet build bench/Tessera.Bench/Tessera.Bench.csproj -c Release --nologo -v quiet

args=("$@")
write_doc=1
for arg in "$@"; do
  case "$arg" in
    --smoke|--out|--out=*|--help|-h) write_doc=0 ;;
  esac
done
if [ "$write_doc" -eq 1 ]; then
  args+=(--out "$root/docs/benchmarks.md")
fi

exec dotnet bench/Tessera.Bench/bin/Release/net10.0/tessera-bench.dll run --repo "$root" "${args[@]}"
