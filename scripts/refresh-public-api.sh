#!/usr/bin/env bash
# Rewrites the declared public API (PublicAPI.Unshipped.txt) of every packable
# project (Packages.slnf) from what the code now exposes, after a deliberate
# change of the surface. PublicApiAnalyzers fails the build on any difference:
# RS0016 for a public symbol the files lack, RS0017 for one they list that is
# gone. Review the diff of PublicAPI.*.txt before committing: it is the API
# change a package user sees.
#
# Why not the analyzer's own code fix (dotnet format analyzers --diagnostics
# RS0016): it skips generated code, so the protobuf stubs of Tessera.Protocol
# would never be declared, and it never removes a stale line. So this empties
# each file, builds once with warnings left as warnings, and writes back the
# symbols RS0016 names (each message carries the exact line the file wants),
# in ordinal order. PublicAPI.Shipped.txt is left alone: it is for what a
# released version promised (empty until a release moves Unshipped there).
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
projects=$(/usr/bin/python3 -c 'import json; [print(p.replace("\\", "/")) for p in json.load(open("Packages.slnf"))["solution"]["projects"]]')
for project in $projects; do
  printf '#nullable enable\n' > "$(dirname "$project")/PublicAPI.Unshipped.txt"
done
echo "refresh-public-api: building Packages.slnf to collect RS0016"
dotnet build Packages.slnf -c Release --nologo -p:TreatWarningsAsErrors=false -clp:NoSummary >"$log" 2>&1 || { cat "$log"; exit 1; }
/usr/bin/python3 - "$log" $projects <<'PY'
import collections, os, re, sys
log, projects = sys.argv[1], sys.argv[2:]
pattern = re.compile(r": warning RS0016: Symbol '(.*)' is not part of the declared public API .*\[(.*\.csproj)\]$")
symbols = collections.defaultdict(set)
for line in open(log, encoding="utf-8"):
    match = pattern.search(line.rstrip("\n"))
    if match:
        symbols[os.path.relpath(match.group(2))].add(match.group(1))
for project in projects:
    lines = sorted(symbols[os.path.normpath(project)], key=lambda s: s.encode("utf-8"))
    path = os.path.join(os.path.dirname(project), "PublicAPI.Unshipped.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("#nullable enable\n" + "".join(line + "\n" for line in lines))
    print(f"refresh-public-api: {path}: {len(lines)} symbols")
PY
git status --short -- '*PublicAPI.*.txt'
