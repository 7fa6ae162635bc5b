#!/usr/bin/env bash
# A newcomer's first run, scripted: start the reference server with the
# README's command, mint tokens as its banner says, and drive a session with a
# Python grpcio client. Short token lifetimes and a short grace are passed as
# ordinary options so token_expired and terminated arrive within seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stubs=$(mktemp -d)
log=$(mktemp)
server=""
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$stubs" "$log"' EXIT

protoc -I proto -I /usr/include --python_out="$stubs" --grpc_out="$stubs" --plugin=protoc-gen-grpc="$(command -v grpc_python_plugin)" proto/tessera/v1/session.proto
touch "$stubs/tessera/__init__.py" "$stubs/tessera/v1/__init__.py"

dotnet build reference-server -v quiet --nologo >/dev/null
dotnet run --no-build --project reference-server -- --urls "http://127.0.0.1:$port" \
  --Tessera:Tokens:ClockSkewLeeway=00:00:01 --Tessera:Sessions:ExpiryGrace=00:00:02 >"$log" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "listening" "$log" && break; sleep 0.2; done
grep -q "listening" "$log" || { echo "server did not start:"; cat "$log"; exit 1; }

/usr/bin/python3 scripts/newcomer_walkthrough.py "$stubs" "127.0.0.1:$port" dotnet run --no-build --project reference-server -- token

# The banner's conformance command, pasted as printed (one case, to keep it short):
# it must carry a key the server trusts, so the suite's preflight lets it judge.
command=$(sed -n 's/^ *Run conformance: *//p' "$log")
[ -n "$command" ] || { echo "the banner prints no conformance command:"; cat "$log"; exit 1; }
echo "banner's conformance command: $command --run info/server-info"
eval "$command --run info/server-info"
