// A Node @grpc/grpc-js client of tessera.v1.SessionService: proof that a
// non-.NET stack can drive a whole session against the reference server from
// nothing but proto/tessera/v1/session.proto.
//
//   node interop/node/session-client.js HOST:PORT MINT-COMMAND...
//
// MINT-COMMAND is run with `--sub S --roles R --ttl N` appended and must print
// a token on its last line (scripts/interop.sh passes the reference server's
// `token` command). Prints `ok   <step>` per step; at the first deviation it
// prints `FAIL <step>: <why>` and exits 1.
'use strict';

const path = require('path');
const { execFileSync } = require('child_process');

// The pinned npm tools live in tools/node (scripts/install-deps.sh installs
// them there); nothing is installed globally or next to this file.
const modules = path.join(__dirname, '..', '..', 'tools', 'node', 'node_modules');
const grpc = require(path.join(modules, '@grpc', 'grpc-js'));
const protoLoader = require(path.join(modules, '@grpc', 'proto-loader'));
// protobufjs is proto-loader's own dependency; it decodes the error details.
const protobuf = require(path.join(modules, 'protobufjs'));

const [target, ...mint] = process.argv.slice(2);
if (!target || mint.length === 0) {
  console.error('usage: session-client.js HOST:PORT MINT-COMMAND...');
  process.exit(2);
}

const repo = path.join(__dirname, '..', '..');
const definition = protoLoader.loadSync('tessera/v1/session.proto', {
  includeDirs: [path.join(repo, 'proto')],
  // google/protobuf/{duration,timestamp}.proto: proto-loader bundles the
  // well-known types, so no include of /usr/include is needed.
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const tessera = grpc.loadPackageDefinition(definition).tessera.v1;

// google.rpc.Status, Any and ErrorInfo by wire shape only: the three messages
// ERR-1 puts in grpc-status-details-bin. Field numbers are those of
// google/rpc/status.proto and google/rpc/error_details.proto.
const rpc = protobuf.parse(`
  syntax = "proto3";
  package google.rpc;
  message Any { string type_url = 1; bytes value = 2; }
  message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
  message ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3; }
`, { keepCase: true }).root;
const Status = rpc.lookupType('google.rpc.Status');
const ErrorInfo = rpc.lookupType('google.rpc.ErrorInfo');

let step = 'setup';
function fail(why) {
  console.log(`FAIL ${step}: ${why}`);
  process.exit(1);
}
function expect(cond, why) {
  if (!cond) fail(why);
}
function ok(what) {
  console.log(`ok   ${what}`);
}

function token(sub, roles, ttl) {
  const out = execFileSync(mint[0], [...mint.slice(1), '--sub', sub, '--roles', roles, '--ttl', String(ttl)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').pop().trim();
}

// The token's exp claim, to compare with what the server reports.
function expOf(jws) {
  return JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8')).exp;
}

const client = new tessera.SessionService(target, grpc.credentials.createInsecure());
const deadline = () => new Date(Date.now() + 10_000);

function unary(method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: deadline() }, (err, response) => (err ? reject(err) : resolve(response)));
  });
}

// Resolves with the first error the call fails with; a success is a deviation.
async function failure(method, request) {
  try {
    await unary(method, request);
  } catch (err) {
    return err;
  }
  return fail(`${method} succeeded; an error was expected`);
}

async function main() {
  step = 'GetServerInfo';
  const info = await unary('GetServerInfo', {});
  expect(info.protocol_versions.includes('tessera.v1'), `protocol_versions ${JSON.stringify(info.protocol_versions)} lacks tessera.v1`);
  ok(`GetServerInfo: versions ${info.protocol_versions.join(',')}, issuers ${info.issuers.join(',')}`);

  step = 'StartSession';
  const first = token('alice', 'member', 3600);
  const started = await unary('StartSession', {
    client_instance_id: 'node-interop',
    token: first,
    protocol_version: 'tessera.v1',
  });
  const s = started.session;
  expect(s.state === 'SESSION_STATE_ACTIVE', `state ${s.state}`);
  expect(s.user_id === 'alice' && JSON.stringify(s.roles) === '["member"]', `user ${s.user_id}, roles ${JSON.stringify(s.roles)}`);
  expect(Number(s.expires_at.seconds) === expOf(first), `expires_at ${s.expires_at.seconds} != token exp ${expOf(first)}`);
  ok(`StartSession: ${s.user_id} [${s.roles}] ACTIVE`);

  // The watch is opened before the update so token_updated and terminated
  // arrive live, not only as replay.
  step = 'WatchSession';
  const events = [];
  const watch = client.WatchSession({ session_id: s.session_id }, { deadline: new Date(Date.now() + 30_000) });
  const waiters = [];
  const streamEnd = new Promise((resolve) => {
    watch.on('data', (response) => {
      events.push(response.event);
      waiters.splice(0).forEach((w) => w());
    });
    watch.on('status', (status) => resolve(status));
    watch.on('error', () => {}); // the status handler reports it
  });
  const eventOf = async (kind) => {
    const until = Date.now() + 10_000;
    while (!events.some((e) => e.kind === kind)) {
      expect(Date.now() < until, `no ${kind} event within 10 s; got ${JSON.stringify(events.map((e) => e.kind))}`);
      await new Promise((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return events.find((e) => e.kind === kind);
  };

  step = 'UpdateSessionToken';
  // Same sub and roles, a longer ttl so exp is strictly later (UPD-4).
  const second = token('alice', 'member', 7200);
  const updated = (await unary('UpdateSessionToken', { session_id: s.session_id, token: second })).session;
  expect(Number(updated.expires_at.seconds) === expOf(second), `expires_at ${updated.expires_at.seconds} != new token exp ${expOf(second)}`);
  const tu = await eventOf('token_updated');
  expect(Number(tu.token_updated.expires_at.seconds) === expOf(second), `token_updated.expires_at ${tu.token_updated.expires_at.seconds} != ${expOf(second)}`);
  ok(`UpdateSessionToken: watcher saw token_updated (seq ${tu.seq}), exp ${expOf(first)} -> ${expOf(second)}`);

  step = 'EndSession';
  await unary('EndSession', { session_id: s.session_id });
  const term = await eventOf('terminated');
  expect(term.terminated.reason === 'SESSION_END_REASON_ENDED', `terminated reason ${term.terminated.reason}`);
  const status = await streamEnd;
  expect(status.code === grpc.status.OK, `watch ended with ${grpc.status[status.code]} ${status.details}`);
  const kinds = events.map((e) => e.kind);
  const seqs = events.map((e) => Number(e.seq));
  expect(kinds[kinds.length - 1] === 'terminated', `terminated is not last: ${JSON.stringify(kinds)}`);
  expect(seqs.every((q, i) => q === i + 1), `seqs not 1..n without gaps: ${JSON.stringify(seqs)}`);
  ok(`EndSession: watcher saw terminated(ENDED) last, stream ended OK; events ${kinds.join(',')}`);

  step = 'error details';
  const err = await failure('GetSession', { session_id: s.session_id });
  expect(err.code === grpc.status.FAILED_PRECONDITION, `GetSession on ended session: ${grpc.status[err.code]} ${err.details}`);
  const [bin] = err.metadata.get('grpc-status-details-bin');
  expect(Buffer.isBuffer(bin), 'no grpc-status-details-bin trailer');
  const st = Status.decode(bin);
  expect(st.code === err.code, `google.rpc.Status.code ${st.code} != status ${err.code}`);
  expect(st.details.length === 1, `${st.details.length} details, want exactly one ErrorInfo`);
  expect(st.details[0].type_url === 'type.googleapis.com/google.rpc.ErrorInfo', `detail type ${st.details[0].type_url}`);
  const ei = ErrorInfo.decode(st.details[0].value);
  expect(ei.domain === 'tessera.v1', `ErrorInfo.domain ${ei.domain}`);
  expect(ei.reason === 'SESSION_TERMINATED', `ErrorInfo.reason ${ei.reason}`);
  expect(ei.metadata.end_reason === 'ENDED', `ErrorInfo.metadata.end_reason ${ei.metadata.end_reason}`);
  ok(`error details: FAILED_PRECONDITION, ErrorInfo ${ei.domain}/${ei.reason} end_reason=${ei.metadata.end_reason} action=${ei.metadata.action}`);

  client.close();
  console.log('node session client: all steps passed');
}

main().catch((e) => fail(e && e.code !== undefined ? `${grpc.status[e.code]} ${e.details}` : String(e && e.stack ? e.stack : e)));
