// gRPC server reflection, seen from outside .NET: the npm package
// grpc-js-reflection-client (a third-party reflection client for
// @grpc/grpc-js, pinned in tools/node/package.json) asks the reference server
// what it serves, the way grpcurl does.
//
//   node interop/node/reflection-client.js HOST:PORT
//     list_services over grpc.reflection.v1 and v1alpha; expect SessionService,
//     Health and reflection itself. Download the file descriptors for
//     tessera.v1.SessionService (file_containing_symbol, then its imports by
//     file name), build a client from those bytes alone and call
//     GetServerInfo. This file never reads proto/: a client that can only see
//     what reflection gives it.
//
//   node interop/node/reflection-client.js --expect-unimplemented HOST:PORT
//     a server with reflection off must answer list_services UNIMPLEMENTED.
//
// Prints `ok   <check>` per check; at the first deviation prints
// `FAIL <check>: <why>` and exits 1.
'use strict';

const path = require('path');

const modules = path.join(__dirname, '..', '..', 'tools', 'node', 'node_modules');
const grpc = require(path.join(modules, '@grpc', 'grpc-js'));
const { GrpcReflection } = require(path.join(modules, 'grpc-js-reflection-client'));

const args = process.argv.slice(2);
const expectUnimplemented = args[0] === '--expect-unimplemented';
const target = expectUnimplemented ? args[1] : args[0];
if (!target) {
  console.error('usage: reflection-client.js [--expect-unimplemented] HOST:PORT');
  process.exit(2);
}

let check = 'setup';
function fail(why) {
  console.log(`FAIL ${check}: ${why}`);
  process.exit(1);
}
function expect(cond, why) {
  if (!cond) fail(why);
}
function ok(what) {
  console.log(`ok   ${what}`);
}

const credentials = grpc.credentials.createInsecure();
const callOptions = () => ({ deadline: new Date(Date.now() + 10_000) });
const reflection = (version) => new GrpcReflection(target, credentials, {}, version);

// The package wraps a failed call's error in ReflectionRequestException, whose
// message is the grpc-js error's text: "Error: 12 UNIMPLEMENTED: <details>".
function statusName(e) {
  const m = /\b(\d+) ([A-Z_]+):/.exec(String(e && e.message));
  return m ? m[2] : null;
}

async function unimplemented() {
  check = 'reflection off';
  for (const version of ['v1', 'v1alpha']) {
    let services;
    try {
      services = await reflection(version).listServices('*', new grpc.Metadata(), callOptions());
    } catch (e) {
      expect(statusName(e) === 'UNIMPLEMENTED', `grpc.reflection.${version} list_services failed, but not UNIMPLEMENTED: ${e.message}`);
      continue;
    }
    fail(`grpc.reflection.${version} list_services answered ${JSON.stringify(services)}`);
  }
  ok('reflection off (--Tessera:Reflection=false): list_services over v1 and v1alpha -> UNIMPLEMENTED');
}

async function listAndCall() {
  const wanted = ['tessera.v1.SessionService', 'grpc.health.v1.Health'];
  for (const version of ['v1', 'v1alpha']) {
    check = `list_services (grpc.reflection.${version})`;
    const services = await reflection(version).listServices('*', new grpc.Metadata(), callOptions());
    for (const name of [...wanted, `grpc.reflection.${version}.ServerReflection`]) {
      expect(services.includes(name), `${name} not listed; got ${JSON.stringify(services)}`);
    }
    ok(`list_services (grpc.reflection.${version}): ${services.join(', ')}`);
  }

  check = 'file_containing_symbol tessera.v1.SessionService';
  const descriptor = await reflection('v1alpha').getDescriptorBySymbol('tessera.v1.SessionService', new grpc.Metadata(), callOptions());
  const root = descriptor.getProtobufJsRoot();
  const service = root.lookupService('tessera.v1.SessionService');
  const methods = Object.keys(service.methods).sort();
  for (const m of ['EndSession', 'GetServerInfo', 'GetSession', 'StartSession', 'UpdateSessionToken', 'WatchSession']) {
    expect(methods.includes(m), `downloaded SessionService lacks ${m}; has ${methods.join(', ')}`);
  }
  // Duration and Timestamp arrive as downloaded imports, not from any local file.
  expect(root.lookupType('google.protobuf.Duration') && root.lookupType('google.protobuf.Timestamp'), 'imports missing');
  ok(`downloaded descriptors: SessionService with ${methods.join(', ')}`);

  check = 'GetServerInfo via downloaded descriptors';
  const pkg = descriptor.getPackageObject({ keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const client = new pkg.tessera.v1.SessionService(target, credentials);
  const info = await new Promise((resolve, reject) =>
    client.GetServerInfo({}, callOptions(), (err, response) => (err ? reject(err) : resolve(response))));
  expect(Array.isArray(info.protocol_versions) && info.protocol_versions.includes('tessera.v1'),
    `protocol_versions ${JSON.stringify(info.protocol_versions)} lacks tessera.v1`);
  ok(`GetServerInfo via downloaded descriptors: protocol_versions ${info.protocol_versions.join(',')}, policy ${info.single_session_policy}`);
  client.close();
  console.log('node reflection client: all checks passed');
}

(expectUnimplemented ? unimplemented() : listAndCall())
  .then(() => process.exit(0))
  .catch((e) => fail(e && e.code !== undefined ? `${grpc.status[e.code]} ${e.details}` : String(e && e.message ? e.message : e)));
