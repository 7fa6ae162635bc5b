#!/usr/bin/env bash
# How often each mutant is caught: runs every mutant of MutantCatalog with N
# seeds (default 20) and prints the catch rate per mutant. "Caught" for one
# seed is what MutantTests requires for its one CI seed: every expected case
# fails naming the mutant's id with a short counterexample (a warning for a
# broken SHOULD), and "Broken MUSTs" names the id and nothing outside the
# mutant's declared set. Not part of CI (about 20 minutes on a loaded machine).
#
#   bench/catch-rate.sh            20 seeds per mutant
#   bench/catch-rate.sh 5          5 seeds
#   bench/catch-rate.sh 20 'DisplayName~late-timers|DisplayName~ignores-kid'   only some mutants
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seeds="${1:-20}"
only="${2:-}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
filter="FullyQualifiedName~MutantTests.Suite_AgainstMutant"
if [ -n "$only" ]; then
  filter="$filter&($only)"
fi

dotnet build conformance/Tessera.Conformance.Tests/Tessera.Conformance.Tests.csproj -c Release --nologo -v quiet >/dev/null || exit 2
start=$(date +%s)
TESSERA_MUTANT_SEEDS="$seeds" TESSERA_CATCH_RATE_OUT="$out" \
  dotnet test conformance/Tessera.Conformance.Tests/Tessera.Conformance.Tests.csproj -c Release --no-build --nologo \
  --filter "$filter" >/dev/null 2>&1
elapsed=$(( $(date +%s) - start ))

echo "| mutant | breaks | caught | rate | misses |"
echo "|---|---|---|---|---|"
sort "$out" | awk -F'\t' '{ printf "| %s | %s | %d/%d | %d %% | %s |\n", $1, $2, $3, $4, ($4 > 0 ? 100 * $3 / $4 : 0), ($5 == "" ? "-" : $5) }'
total=$(awk -F'\t' '{ c += $3; n += $4 } END { printf "%d/%d", c, n }' "$out")
echo
echo "$(wc -l < "$out") mutants, $seeds seeds each, caught $total, in ${elapsed}s"
awk -F'\t' '$3 != $4 { bad = 1 } END { exit bad }' "$out"
