#!/usr/bin/env bash
# Tessera from outside .NET, against the reference server as `dotnet run`
# starts it (Development profile):
#   1. a Node @grpc/grpc-js client of SessionService (interop/node/session-client.js)
#      drives start, watch, update, end and decodes an error's details;
#   2. a third-party reflection client (interop/node/reflection-client.js) lists
#      the services and calls GetServerInfo from downloaded descriptors only;
#   3. a server started with --Tessera:Reflection=false answers the reflection
#      call UNIMPLEMENTED.
# Each check prints one `ok` line; any failure stops the script non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

for module in @grpc/grpc-js @grpc/proto-loader grpc-js-reflection-client; do
  [ -d "tools/node/node_modules/$module" ] || { echo "interop: tools/node/node_modules/$module is missing; run scripts/install-deps.sh"; exit 1; }
done

log=$(mktemp)
server=""
stop_server() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    # Reap it so the next start cannot race the old one's shutdown.
    wait "$server" 2>/dev/null || true
    server=""
  fi
}
trap 'stop_server; rm -f "$log"' EXIT

# Starts the server on a free port with the given extra options and waits
# (bounded) for its banner's "listening" line; sets $server and $target.
start_server() {
  local port
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  : >"$log"
  dotnet run --no-build --project reference-server -- --urls "http://127.0.0.1:$port" "$@" >"$log" 2>&1 &
  server=$!
  for _ in $(seq 1 150); do
    grep -q "listening" "$log" && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.2
  done
  grep -q "listening" "$log" || { echo "FAIL server did not start within 30 s ($*):"; cat "$log"; exit 1; }
  target="127.0.0.1:$port"
}

dotnet build reference-server -v quiet --nologo >/dev/null
mint=(dotnet run --no-build --project reference-server -- token)

start_server
echo "== Node grpc-js SessionService client -> reference server (Development, $target)"
node interop/node/session-client.js "$target" "${mint[@]}"
echo "== grpc-js-reflection-client -> same server (reflection on by default in Development)"
node interop/node/reflection-client.js "$target"
stop_server

start_server --Tessera:Reflection=false
echo "== grpc-js-reflection-client -> reference server with --Tessera:Reflection=false ($target)"
node interop/node/reflection-client.js --expect-unimplemented "$target"
stop_server

echo "interop: all checks passed"
