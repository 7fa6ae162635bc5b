#!/usr/bin/env bash
# Several reference-server nodes on one Redis, on this machine, for the
# conformance suite's cluster mode (README.md, "Several nodes"):
#   scripts/cluster.sh [--nodes N] [--no-build] [any reference-server option, e.g. --test-clock]
# starts redis-server on a free loopback port (no persistence: nothing is saved
# or read from disk) and N nodes (default 3) with
# --Tessera:Store:Redis=127.0.0.1:PORT on free loopback ports, prints their
# addresses and a suite command with one --target per node, and stops them
# all on Ctrl+C. Extra options go to every node. Needs the Redis store
# (src/Tessera.Server.Redis); without it each node keeps its own sessions.
set -euo pipefail
cd "$(dirname "$0")/.."

nodes=3
build=1
node_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes="$2"; shift 2 ;;
    --nodes=*) nodes="${1#--nodes=}"; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) node_args+=("$1"); shift ;;
  esac
done
case "$nodes" in ''|*[!0-9]*) echo "cluster: --nodes needs a number, got \"$nodes\"" >&2; exit 2 ;; esac
[ "$nodes" -ge 1 ] || { echo "cluster: --nodes must be at least 1" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "cluster: redis-server is missing (Debian package redis-server; scripts/install-deps.sh installs it)" >&2; exit 1; }

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

logs=$(mktemp -d)
pids=()
redis_pid=""
stop_all() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  rm -rf "$logs"
}
trap 'echo; echo "cluster: stopping"; stop_all; exit 0' INT TERM
trap stop_all EXIT

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no >"$logs/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 50); do
  redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
  kill -0 "$redis_pid" 2>/dev/null || break
  sleep 0.1
done
redis-cli -p "$redis_port" ping >/dev/null 2>&1 || { echo "cluster: redis-server did not start:"; cat "$logs/redis.log"; exit 1; }

[ "$build" = 0 ] || dotnet build reference-server -c Release -v quiet --nologo >/dev/null
server=reference-server/bin/Release/net10.0/tessera-reference-server.dll
addresses=()
# A port free when probed can be taken before the node binds it: the nodes' own
# connections to Redis draw from the same ephemeral range. Such a node exits with
# "address already in use" and is started again on another port.
start_node() {
  local i=$1 port
  port=$(free_port)
  # Run the built server itself (not `dotnet run`), so Ctrl+C stops the node and no stray child outlives it.
  dotnet "$server" --environment Development --urls "http://127.0.0.1:$port" \
    "--Tessera:Store:Redis=127.0.0.1:$redis_port" "${node_args[@]}" >"$logs/node$i.log" 2>&1 &
  pids[$((i - 1))]=$!
  addresses[$((i - 1))]="http://127.0.0.1:$port"
}
for i in $(seq 1 "$nodes"); do start_node "$i"; done

for i in $(seq 1 "$nodes"); do
  log="$logs/node$i.log"
  for attempt in 1 2 3 4 5; do
    for _ in $(seq 1 150); do
      grep -q "listening" "$log" && break
      kill -0 "${pids[$((i - 1))]}" 2>/dev/null || break
      sleep 0.2
    done
    grep -q "listening" "$log" && break
    grep -q "address already in use" "$log" || break
    wait "${pids[$((i - 1))]}" 2>/dev/null || true
    echo "cluster: node $i lost its port to another process (attempt $attempt); starting it on another" >&2
    start_node "$i"
  done
  grep -q "listening" "$log" || { echo "cluster: node $i did not start within 30 s:"; cat "$log"; exit 1; }
done

# The key options the nodes print for the suite (Development: the development secret).
keys=$(grep -o -- '--issuer .*' "$logs/node1.log" | head -n 1)
targets=""
for address in "${addresses[@]}"; do targets+=" --target $address"; done

echo "redis      127.0.0.1:$redis_port (no persistence)"
for i in $(seq 1 "$nodes"); do echo "node $i     ${addresses[$((i - 1))]}"; done
echo
echo "Run conformance against every node:"
echo "  dotnet run --project conformance/Tessera.Conformance.Cli -- run$targets $keys"
echo
echo "Logs in $logs. Ctrl+C stops every node and Redis."
wait "${pids[@]}"
