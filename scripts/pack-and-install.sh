#!/usr/bin/env bash
# What a team outside this repository gets: packs every package into a
# temporary folder, installs the tessera-conformance tool from that folder
# into a temporary tool path, lists the cases and runs the whole suite through
# the installed tool against a reference server the tool starts itself (not
# through `dotnet run`, which would test the repository, not the package).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { echo "pack-and-install [${SECONDS}s]: $*"; }

version=$(dotnet msbuild src/Tessera.Protocol/Tessera.Protocol.csproj -getProperty:Version)
step "packing $version into $work/packages"
dotnet pack Packages.slnf -c Release -o "$work/packages" --nologo -v quiet
/usr/bin/python3 scripts/check-packages.py "$work/packages" "$version"

step "installing Tessera.Conformance.Cli $version into $work/tools"
dotnet tool install --tool-path "$work/tools" --add-source "$work/packages" Tessera.Conformance.Cli --version "$version"
tool="$work/tools/tessera-conformance"

"$tool" list >"$work/list.txt"
grep -q "session/lifecycle" "$work/list.txt" || { echo "tessera-conformance list names no session/lifecycle:"; cat "$work/list.txt"; exit 1; }
step "tessera-conformance list: $(grep -c . "$work/list.txt") lines"

# No build of its own: the tool embeds the reference server, so packing it
# has just built reference-server in Release. The tool starts that server
# itself through the launcher contract (conformance/docs/launcher.md), so
# EVT-7 (open watch streams end UNAVAILABLE on shutdown) is checked, not
# skipped: the launcher can stop and restart the target.
server_dll="$PWD/reference-server/bin/Release/net10.0/tessera-reference-server.dll"
# The development profile's secret, as the Development banner prints it.
secret=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Tessera"]["Tokens"]["SharedSecrets"][0]["Secret"])' reference-server/appsettings.Development.json)
step "tessera-conformance run --server-command \"dotnet $server_dll ... {port}\""
"$tool" run --server-command "dotnet $server_dll --environment Development --test-clock --urls http://127.0.0.1:{port}" \
  --hs256-secret-base64 "$secret" --kid dev --json "$work/report.json" | tee "$work/run.txt"
/usr/bin/python3 - "$work/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
cases = {c["name"]: c for c in report["cases"]}
verdict = cases.get("events/shutdown", {}).get("verdict")
if verdict != "passed":
    sys.exit(f"events/shutdown (EVT-7) through --server-command: {verdict!r}, expected passed")
print("pack-and-install: events/shutdown (EVT-7) checked through the launcher: passed")
PY

step "docs/implementers.md: every runnable block, with the installed tool on PATH"
PATH="$work/tools:$PATH" bash scripts/check-docs.sh

# The example restores Tessera.* from the folder just packed (its nuget.config
# reads TESSERA_LOCAL_PACKAGES) into a package cache of its own, so a package
# cached by an earlier run under the same version is never used; everything
# else is found in the machine's package cache as a fallback folder.
step "examples/xunit-inprocess against the packed Tessera.Conformance $version"
global=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
TESSERA_LOCAL_PACKAGES="$work/packages" dotnet test examples/xunit-inprocess -c Release --nologo -v quiet \
  -p:TesseraPackageVersion="$version" -p:RestorePackagesPath="$work/nuget-packages" \
  -p:RestoreAdditionalProjectFallbackFolders="$global"
step "done"
