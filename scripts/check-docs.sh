#!/usr/bin/env bash
# Runs the commands of docs/implementers.md as a new user would: every fenced
# ```bash block that follows a line `<!-- run -->` is extracted and run, in
# order, in one bash (so a variable or a background server of one block is
# there in the next) from the repository root, with `set -euo pipefail`; any
# failing command fails the check. Unmarked blocks (installing from NuGet,
# placeholders such as your own server) are not run.
#
# The test command runs it from scripts/pack-and-install.sh with the tool it
# installed from the local packages on PATH. Run by hand without the tool,
# `tessera-conformance` is a shell function over
# `dotnet run --project conformance/Tessera.Conformance.Cli`.
#
# Usage: scripts/check-docs.sh [FILE]   (default docs/implementers.md)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
doc="${1:-$here/docs/implementers.md}"
cd "$here"

script="$(mktemp)"
out_existed=0; [ -e conformance-out ] && out_existed=1
cleanup() {
  rm -f "$script"
  # The docs write their reports and keys under conformance-out/ and the server log at the root.
  [ "$out_existed" = 1 ] || rm -rf conformance-out
  rm -f reference-server.log
}
trap cleanup EXIT

# A free loopback port for the docs' server, so a run beside other servers does not collide.
PORT="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"

{
  echo 'set -euo pipefail'
  # A server a block started in the background is stopped even when a later block fails.
  echo 'trap '"'"'kill $(jobs -p) 2>/dev/null || true'"'"' EXIT'
  echo "export PORT=$PORT"
  if ! command -v tessera-conformance >/dev/null; then
    echo 'dotnet build conformance/Tessera.Conformance.Cli -c Release -v quiet -nologo >/dev/null'
    echo 'tessera-conformance() { dotnet run --no-build --project conformance/Tessera.Conformance.Cli -c Release -- "$@"; }'
  fi
  # awk: after a `<!-- run -->` line, copy the next ```bash block verbatim, each
  # preceded by an echo naming its line so a failure says which block broke.
  awk '
    /^<!-- run -->[[:space:]]*$/ { armed = 1; next }
    armed && /^```bash[[:space:]]*$/ { inblock = 1; armed = 0; printf "echo \"check-docs: block at line %d\" >&2\n", NR; next }
    inblock && /^```[[:space:]]*$/ { inblock = 0; next }
    inblock { print; next }
    armed && NF > 0 { armed = 0 }
  ' "$doc"
} > "$script"

blocks="$(grep -c '^echo "check-docs: block' "$script" || true)"
if [ "$blocks" -eq 0 ]; then
  echo "check-docs: no runnable blocks in $doc" >&2
  exit 1
fi

echo "check-docs: running $blocks block(s) of $doc" >&2
bash "$script"
echo "check-docs: every runnable block of $doc ran" >&2
