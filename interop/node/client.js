#!/usr/bin/env node
'use strict';
// Node @grpc/grpc-js client for the interop service: runs cases against a server.
//
//     node interop/node/client.js 127.0.0.1:PORT [CASE ...]
//
// With no case it runs them all. Prints one line per case, `PASS <case>` or
// `FAIL <case>: <why>`, and exits 0 only if every case passed (2 on bad usage).

const crypto = require('crypto');
const { grpc, InteropService, Health, RpcStatus, ErrorInfo, ERROR_INFO_TYPE_URL, STATUS_DETAILS_KEY, pattern } =
  require('./protos.js');

const S = grpc.status;
// Every call carries a deadline so a broken server fails a case instead of hanging it.
const CALL_TIMEOUT_MS = 15000;
// The deadline case's deadline: long enough for a loaded machine to reach the
// handler before it passes, since the server must see it start.
const DEADLINE_MS = 1500;
const MIB = 1024 * 1024;
// grpc-js's and every other stack's default receive limit.
const DEFAULT_LIMIT = 4 * MIB;
// A payload whose encoded message (1 tag byte + 4 length bytes + payload) is
// exactly 3 bytes under the limit.
const AT_LIMIT_PAYLOAD = DEFAULT_LIMIT - 8;
const OVER_LIMIT_PAYLOAD = DEFAULT_LIMIT + 1024;
const ASCII_KEY = 'x-interop-ascii';
const ASCII_VALUE = 'hello interop 1';
// Bytes that are not valid UTF-8 and whose base64 needs padding.
const BIN_KEY = 'x-interop-bin';
const BIN_VALUE = Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x80]);
const ERROR_MESSAGE = 'interop failure: 100% sure, ünïcode ✓';
const STATUS_NAMES = Object.fromEntries(Object.entries(S).map(([name, code]) => [code, name]));

class CaseFailure extends Error {}

function check(condition, why) {
  if (!condition) throw new CaseFailure(why);
}

function deadline(ms = CALL_TIMEOUT_MS) {
  return { deadline: Date.now() + ms };
}

/** Promise of a unary call's { response, headers, trailers } or its error. */
function unary(client, method, request, metadata = new grpc.Metadata(), options = deadline()) {
  return new Promise((resolve, reject) => {
    const result = {};
    // Resolves once both the response and the trailers (status) are in, in
    // whichever order grpc-js delivers them.
    const settle = () => 'response' in result && 'trailers' in result && resolve(result);
    const call = client[method](request, metadata, options, (error, response) => {
      if (error) return reject(error);
      result.response = response;
      settle();
    });
    call.on('metadata', (headers) => (result.headers = headers));
    call.on('status', (status) => {
      if (status.code !== S.OK) return;
      result.trailers = status.metadata;
      settle();
    });
  });
}

/** Awaits `promise`, which must fail with `code`; returns the error. */
async function expectStatus(code, promise) {
  try {
    await promise;
  } catch (error) {
    check(error.code === code, `expected ${STATUS_NAMES[code]}, got ${STATUS_NAMES[error.code]}: ${error.details}`);
    return error;
  }
  throw new CaseFailure(`expected ${STATUS_NAMES[code]}, the call succeeded`);
}

const cases = {
  async unary(client) {
    for (const size of [0, 1, 1000, 70000]) {
      const payload = pattern(size);
      const { response } = await unary(client, 'Unary', { payload });
      check(payload.equals(response.payload), `echo of ${size} bytes came back as ${response.payload.length} bytes`);
    }
  },

  async server_streaming(client) {
    const sizes = [0, 1, 100, 16384, 16385, 100000, 3];
    const received = [];
    const status = await new Promise((resolve, reject) => {
      const call = client.ServerStreaming({ response_sizes: sizes }, deadline());
      call.on('data', (message) => received.push(message));
      call.on('error', reject);
      call.on('status', resolve);
    });
    check(status.code === S.OK, `stream ended with ${STATUS_NAMES[status.code]}`);
    check(received.length === sizes.length, `expected ${sizes.length} messages, got ${received.length}`);
    received.forEach((message, index) => {
      check(message.index === index, `message ${index} has index ${message.index}`);
      check(pattern(sizes[index]).equals(message.payload), `message ${index}: wrong payload of ${message.payload.length} bytes`);
    });
  },

  async bidi(client) {
    const call = client.Bidi(deadline());
    const pending = [];
    const arrived = [];
    let failure = null;
    call.on('data', (message) => (pending.length ? pending.shift().resolve(message) : arrived.push(message)));
    call.on('error', (error) => {
      failure = error;
      for (const waiter of pending.splice(0)) waiter.reject(error);
    });
    const status = new Promise((resolve) => call.on('status', resolve));
    const next = () => {
      if (arrived.length) return Promise.resolve(arrived.shift());
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    };
    // Ping-pong: each answer must arrive before the next request is sent, so a
    // server that buffers until half-close fails on its deadline.
    const sizes = [5, 0, 20000, 1, 65536];
    for (let index = 0; index < sizes.length; index++) {
      call.write({ index, payload: pattern(sizes[index]) });
      const answer = await next();
      check(answer.index === index, `answer ${index} has index ${answer.index}`);
      check(pattern(sizes[index]).equals(answer.payload), `answer ${index}: wrong payload of ${answer.payload.length} bytes`);
    }
    call.end();
    const end = await status;
    check(end.code === S.OK, `stream ended with ${STATUS_NAMES[end.code]}: ${end.details}`);
    check(arrived.length === 0, `${arrived.length} extra answers after half-close`);
  },

  async error_details(client) {
    const fail = {
      code: S.FAILED_PRECONDITION,
      message: ERROR_MESSAGE,
      reason: 'INTEROP_REASON',
      domain: 'interop.tessera.dev',
      metadata: { attempt: '1' },
    };
    const error = await expectStatus(S.FAILED_PRECONDITION, unary(client, 'Unary', { fail }));
    check(error.details === ERROR_MESSAGE, `grpc-message decoded as ${JSON.stringify(error.details)}`);
    const raw = error.metadata.get(STATUS_DETAILS_KEY);
    check(raw.length === 1, `expected one ${STATUS_DETAILS_KEY} trailer, got ${raw.length}`);
    const status = RpcStatus.decode(raw[0]);
    check(status.code === fail.code, `google.rpc.Status.code is ${status.code}`);
    check(status.message === ERROR_MESSAGE, `google.rpc.Status.message is ${JSON.stringify(status.message)}`);
    check(status.details.length === 1, `expected one detail, got ${status.details.length}`);
    const detail = status.details[0];
    const typeUrl = detail.type_url ?? detail.typeUrl;
    check(typeUrl === ERROR_INFO_TYPE_URL, `detail type is ${typeUrl}`);
    const info = ErrorInfo.decode(detail.value);
    check(info.reason === 'INTEROP_REASON', `ErrorInfo.reason is ${JSON.stringify(info.reason)}`);
    check(info.domain === 'interop.tessera.dev', `ErrorInfo.domain is ${JSON.stringify(info.domain)}`);
    check(JSON.stringify(info.metadata) === JSON.stringify({ attempt: '1' }), `ErrorInfo.metadata is ${JSON.stringify(info.metadata)}`);
  },

  async deadline(client) {
    const id = `node-deadline-${crypto.randomUUID()}`;
    await expectStatus(S.DEADLINE_EXCEEDED, unary(client, 'BlockUntilCancelled', { id }, new grpc.Metadata(), deadline(DEADLINE_MS)));
    const { response: seen } = await unary(client, 'GetCancelObservation', { id, wait_ms: 5000 });
    check(seen.started, 'the server never saw the call');
    check(seen.had_deadline, 'the server saw no deadline (grpc-timeout)');
    check(seen.observed_cancelled, 'the server did not see the call end at its deadline');
  },

  async cancel(client) {
    const id = `node-cancel-${crypto.randomUUID()}`;
    // No deadline: the server must see none, and the call ends only by the cancel.
    const outcome = new Promise((resolve) => {
      const call = client.BlockUntilCancelled({ id }, new grpc.Metadata(), {}, (error) => resolve(error));
      // The server sends headers once it is inside its handler.
      call.on('metadata', () => call.cancel());
    });
    const error = await outcome;
    check(error && error.code === S.CANCELLED, `cancelled call reports ${error ? STATUS_NAMES[error.code] : 'success'}`);
    const { response: seen } = await unary(client, 'GetCancelObservation', { id, wait_ms: 5000 });
    check(seen.started, 'the server never saw the call');
    check(seen.observed_cancelled, 'the server did not see the cancel');
    check(!seen.had_deadline, 'the server saw a deadline the client never set');
  },

  async metadata(client) {
    const sent = new grpc.Metadata();
    sent.set(ASCII_KEY, ASCII_VALUE);
    sent.set(BIN_KEY, BIN_VALUE);
    const keys = [ASCII_KEY, BIN_KEY];
    const { headers, trailers } = await unary(client, 'Unary', { payload: Buffer.from('m'), echo_to_headers: keys, echo_to_trailers: keys }, sent);
    for (const [where, received] of [['header', headers], ['trailer', trailers]]) {
      check(received, `no response ${where}s`);
      const ascii = received.get(ASCII_KEY);
      const bin = received.get(BIN_KEY);
      check(ascii.length === 1 && ascii[0] === ASCII_VALUE, `${where} ${ASCII_KEY} came back as ${JSON.stringify(ascii)}`);
      check(bin.length === 1 && BIN_VALUE.equals(bin[0]), `${where} ${BIN_KEY} came back as ${JSON.stringify(bin)}`);
    }
  },

  async request_too_large(client) {
    await expectStatus(S.RESOURCE_EXHAUSTED, unary(client, 'Unary', { payload: pattern(OVER_LIMIT_PAYLOAD) }));
  },

  async response_too_large(client) {
    await expectStatus(S.RESOURCE_EXHAUSTED, unary(client, 'Unary', { response_size: OVER_LIMIT_PAYLOAD }));
  },

  async message_at_limit(client) {
    const payload = pattern(AT_LIMIT_PAYLOAD);
    const { response } = await unary(client, 'Unary', { payload });
    check(payload.equals(response.payload), `echo of ${payload.length} bytes came back as ${response.payload.length} bytes`);
  },

  async unimplemented(client) {
    const serialize = (request) => InteropService.service.Unary.requestSerialize(request);
    const deserialize = (bytes) => InteropService.service.Unary.responseDeserialize(bytes);
    for (const path of ['/tessera.interop.v1.InteropService/NoSuchMethod', '/no.such.v1.Service/Method']) {
      const call = new Promise((resolve, reject) =>
        client.makeUnaryRequest(path, serialize, deserialize, {}, new grpc.Metadata(), deadline(), (error, response) =>
          error ? reject(error) : resolve(response),
        ),
      );
      try {
        await call;
      } catch (error) {
        check(error.code === S.UNIMPLEMENTED, `${path}: expected UNIMPLEMENTED, got ${STATUS_NAMES[error.code]}`);
        continue;
      }
      throw new CaseFailure(`${path}: expected UNIMPLEMENTED, the call succeeded`);
    }
  },

  async health(client, target) {
    const health = new Health(target, grpc.credentials.createInsecure());
    try {
      const { response } = await unary(health, 'Check', { service: '' });
      check(response.status === 'SERVING', `status is ${response.status}`);
      await expectStatus(S.NOT_FOUND, unary(health, 'Check', { service: 'no.such.v1.Service' }));
    } finally {
      health.close();
    }
  },
};

async function main(argv) {
  if (argv.length < 1) {
    process.stderr.write('usage: node interop/node/client.js HOST:PORT [CASE ...]\n');
    return 2;
  }
  const [target, ...requested] = argv;
  const names = requested.length ? requested : Object.keys(cases);
  const client = new InteropService(target, grpc.credentials.createInsecure());
  let failed = 0;
  for (const name of names) {
    try {
      if (!Object.hasOwn(cases, name)) throw new CaseFailure(`unknown case (known: ${Object.keys(cases).join(', ')})`);
      await cases[name](client, target);
      process.stdout.write(`PASS ${name}\n`);
    } catch (error) {
      failed++;
      const detail = error instanceof CaseFailure ? error.message : `${error.name}: ${error.message}`;
      process.stdout.write(`FAIL ${name}: ${detail.split(/\s+/).join(' ')}\n`);
    }
  }
  client.close();
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
