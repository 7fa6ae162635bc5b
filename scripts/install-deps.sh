#!/usr/bin/env bash
# Installs what a fresh machine lacks for the test command: the newcomer
# walkthrough's Python client (Debian grpcio, protoc and its Python plugin),
# the benchmark's load generator (h2load), Chromium (headless, to render the
# HTML report in a test) and the npm tools (buf, and grpc-js
# with proto-loader and grpc-js-reflection-client for scripts/interop.sh).
# Safe to run again: each step is skipped when its tool is already present.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"

need_apt=()
/usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null || need_apt+=(python3-grpcio python3-protobuf)
command -v protoc >/dev/null || need_apt+=(protobuf-compiler)
# protoc's well-known types (google/protobuf/*.proto) come with the -dev package.
[ -f /usr/include/google/protobuf/duration.proto ] || need_apt+=(libprotobuf-dev)
command -v grpc_python_plugin >/dev/null || need_apt+=(protobuf-compiler-grpc)
command -v h2load >/dev/null || need_apt+=(nghttp2-client)
command -v chromium >/dev/null || need_apt+=(chromium)
# The Redis store's tests start their own redis-server child (issue 11).
command -v redis-server >/dev/null || need_apt+=(redis-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# npm tools live in tools/node (package.json pins them) so no global install is needed.
# grpc-js-reflection-client is checked too: scripts/interop.sh's reflection
# client needs it, and a tools/node installed before it was pinned lacks it.
if [ ! -x "$here/tools/node/node_modules/.bin/buf" ] || [ ! -d "$here/tools/node/node_modules/@grpc/grpc-js" ] \
  || [ ! -d "$here/tools/node/node_modules/grpc-js-reflection-client" ]; then
  echo "install-deps: npm install in tools/node (versions pinned exactly in package.json)"
  (cd "$here/tools/node" && npm install --no-audit --no-fund --loglevel=error)
fi
