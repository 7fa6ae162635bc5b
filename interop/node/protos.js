'use strict';
// Loads grpc-js, proto-loader and protobufjs from tools/node (installed by
// scripts/install-deps.sh, pinned by tools/node/package.json) and the interop
// protos at run time, so nothing is generated ahead of time.

const path = require('path');

const INSTALL_HINT = 'run scripts/install-deps.sh';
const PROTO_ROOT = path.resolve(__dirname, '..', 'protos');
const TOOLS_MODULES = path.resolve(__dirname, '..', '..', 'tools', 'node', 'node_modules');

function requireTool(name) {
  // NODE_PATH wins when set; otherwise the repository's pinned copy.
  for (const candidate of [name, path.join(TOOLS_MODULES, name)]) {
    try {
      return require(candidate);
    } catch (error) {
      if (error.code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  process.stderr.write(`interop: cannot load ${name} (looked in NODE_PATH and ${TOOLS_MODULES}): ${INSTALL_HINT}\n`);
  process.exit(2);
}

const grpc = requireTool('@grpc/grpc-js');
const protoLoader = requireTool('@grpc/proto-loader');
const protobuf = requireTool('protobufjs');

const LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, includeDirs: [PROTO_ROOT] };
const definition = protoLoader.loadSync(
  ['tessera/interop/v1/interop.proto', 'grpc/health/v1/health.proto'],
  LOADER_OPTIONS,
);
const loaded = grpc.loadPackageDefinition(definition);

// google.rpc.Status and ErrorInfo are read and written with protobufjs itself:
// they travel as trailer bytes, not as call messages.
const rpcRoot = new protobuf.Root();
rpcRoot.resolvePath = (origin, target) => path.join(PROTO_ROOT, target);
rpcRoot.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto']);

const BLOCK = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** Returns `size` pattern bytes: byte i is i mod 256. */
function pattern(size) {
  const bytes = Buffer.alloc(size);
  for (let offset = 0; offset < size; offset += 256) BLOCK.copy(bytes, offset, 0, Math.min(256, size - offset));
  return bytes;
}

module.exports = {
  grpc,
  InteropService: loaded.tessera.interop.v1.InteropService,
  Health: loaded.grpc.health.v1.Health,
  RpcStatus: rpcRoot.lookupType('google.rpc.Status'),
  ErrorInfo: rpcRoot.lookupType('google.rpc.ErrorInfo'),
  ERROR_INFO_TYPE_URL: 'type.googleapis.com/google.rpc.ErrorInfo',
  STATUS_DETAILS_KEY: 'grpc-status-details-bin',
  pattern,
};
