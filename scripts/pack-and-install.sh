#!/usr/bin/env bash
# What a team outside this repository gets: packs every package into a
# temporary folder, installs the tessera-conformance tool from that folder
# into a temporary tool path, lists the cases and runs the whole suite through
# the installed tool against a reference server started on its own (not
# through `dotnet run`, which would test the repository, not the package).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
server=""
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
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
# has just built reference-server in Release.
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Development: the banner then prints the development secret ready to paste.
DOTNET_ENVIRONMENT=Development dotnet reference-server/bin/Release/net10.0/tessera-reference-server.dll \
  --test-clock --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
/usr/bin/python3 scripts/wait-for-health.py "127.0.0.1:$port" 60 || { cat "$work/server.log"; exit 1; }
step "reference server on port $port is SERVING"

# The key options exactly as the banner prints them after its --target.
keys=$(sed -n 's/^ *Run conformance:.* --target [^ ]*//p' "$work/server.log")
[ -n "$keys" ] || { echo "the banner prints no key options:"; cat "$work/server.log"; exit 1; }
step "tessera-conformance run --target http://127.0.0.1:$port$keys"
# shellcheck disable=SC2086 # the banner's options are separate words
"$tool" run --target "http://127.0.0.1:$port" $keys

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
