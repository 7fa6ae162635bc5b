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
# Per-seed rows land here as the run goes; keep the file (CATCH_RATE_OUT) to
# tabulate a run that was stopped early with `bench/catch-rate.sh --table FILE`.
if [ "$seeds" = "--table" ]; then
  out="$only"
else
  out="${CATCH_RATE_OUT:-$(mktemp)}"
  : > "$out"
  filter="FullyQualifiedName~MutantTests.Suite_AgainstMutant"
  if [ -n "$only" ]; then
    filter="$filter&($only)"
  fi

  dotnet build tests/Tessera.Conformance.Tests/Tessera.Conformance.Tests.csproj -c Release --nologo -v quiet >/dev/null || exit 2
  start=$(date +%s)
  TESSERA_MUTANT_SEEDS="$seeds" TESSERA_CATCH_RATE_OUT="$out" \
    dotnet test tests/Tessera.Conformance.Tests/Tessera.Conformance.Tests.csproj -c Release --no-build --nologo \
    --filter "$filter" >/dev/null 2>&1
  echo "ran in $(( $(date +%s) - start ))s"
fi

# Rows: mutant, breaks, seed, caught (1/0), what went wrong.
echo "| mutant | breaks | caught | rate | misses |"
echo "|---|---|---|---|---|"
# A (mutant, seed) seen twice (rows of a re-run appended to a kept file) counts once, as caught only if every run caught it.
rows="$(awk -F'\t' '{ k = $1 "\t" $2 "\t" $3; if (!(k in c) || $4 == 0) { c[k] = $4; w[k] = $5 } } END { for (k in c) print k "\t" c[k] "\t" w[k] }' "$out")"
printf '%s\n' "$rows" | awk -F'\t' '
  NF >= 4 { n[$1] += 1; c[$1] += $4; b[$1] = $2; if ($4 == 0) m[$1] = m[$1] (m[$1] == "" ? "" : "; ") "seed " $3 ": " $5 }
  END { for (k in n) printf "| %s | %s | %d/%d | %d %% | %s |\n", k, b[k], c[k], n[k], 100 * c[k] / n[k], (m[k] == "" ? "-" : m[k]) }
' | sort
printf '%s\n' "$rows" | awk -F'\t' 'NF >= 4 { c += $4; n += 1; seen[$1] = 1 } END { k = 0; for (x in seen) k++; printf "\n%d mutants, %d runs, %d caught\n", k, n, c }'
printf '%s\n' "$rows" | awk -F'\t' 'NF >= 4 && $4 == 0 { bad = 1 } END { exit bad }' 
