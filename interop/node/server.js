#!/usr/bin/env node
'use strict';
// The interop service on Node @grpc/grpc-js (pinned in tools/node).
//
// Binds 127.0.0.1 on a free port, prints `PORT <n>` as its first line, serves
// until standard input closes, then exits:
//
//     node interop/node/server.js

const { grpc, InteropService, Health, RpcStatus, ErrorInfo, ERROR_INFO_TYPE_URL, STATUS_DETAILS_KEY, pattern } =
  require('./protos.js');

// BlockUntilCancelled gives up after this long so a broken client cannot hold it.
const BLOCK_LIMIT_MS = 30000;
const SERVED_SERVICES = new Set(['', 'tessera.interop.v1.InteropService', 'grpc.health.v1.Health']);

/** What the server saw of one BlockUntilCancelled call. */
class Observation {
  constructor() {
    this.hadDeadline = false;
    this.observedCancelled = false;
    this.started = false;
    this.ended = false;
    this.waiters = [];
  }

  reached(stage) {
    return stage === 'CALL_STAGE_STARTED' ? this.started : this.ended;
  }

  update(change) {
    Object.assign(this, change);
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) waiter();
  }

  /** Resolves once `stage` is reached or `ms` have passed. */
  waitFor(stage, ms) {
    if (this.reached(stage) || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      const check = () => {
        if (this.reached(stage)) {
          clearTimeout(timer);
          resolve();
        } else {
          this.waiters.push(check);
        }
      };
      this.waiters.push(check);
    });
  }
}

// Created by whichever of BlockUntilCancelled and GetCancelObservation comes
// first, so a waiting observer sees the call when it arrives.
const observations = new Map();
function observation(id) {
  if (!observations.has(id)) observations.set(id, new Observation());
  return observations.get(id);
}

function echoed(received, names) {
  const metadata = new grpc.Metadata();
  for (const name of names) {
    for (const value of received.get(name)) metadata.add(name, value);
  }
  return metadata;
}

const handlers = {
  Unary(call, callback) {
    const request = call.request;
    if (request.echo_to_headers.length > 0) call.sendMetadata(echoed(call.metadata, request.echo_to_headers));
    const trailers = echoed(call.metadata, request.echo_to_trailers);
    const fail = request.fail;
    if (fail && fail.code !== 0) {
      const info = ErrorInfo.encode(ErrorInfo.create({ reason: fail.reason, domain: fail.domain, metadata: fail.metadata })).finish();
      const status = RpcStatus.create({
        code: fail.code,
        message: fail.message,
        details: [{ type_url: ERROR_INFO_TYPE_URL, value: info }],
      });
      trailers.set(STATUS_DETAILS_KEY, Buffer.from(RpcStatus.encode(status).finish()));
      callback({ code: fail.code, details: fail.message, metadata: trailers });
      return;
    }
    const payload = request.response_size > 0 ? pattern(request.response_size) : request.payload;
    callback(null, { payload }, trailers);
  },

  ServerStreaming(call) {
    call.request.response_sizes.forEach((size, index) => call.write({ index, payload: pattern(size) }));
    call.end();
  },

  Bidi(call) {
    call.on('data', (request) => call.write({ index: request.index, payload: request.payload }));
    call.on('end', () => call.end());
  },

  BlockUntilCancelled(call, callback) {
    const seen = observation(call.request.id);
    const deadline = call.getDeadline();
    const hadDeadline = deadline instanceof Date || (typeof deadline === 'number' && Number.isFinite(deadline));
    const timer = setTimeout(() => {
      seen.update({ ended: true });
      callback({ code: grpc.status.ABORTED, details: 'BlockUntilCancelled was never cancelled' });
    }, BLOCK_LIMIT_MS);
    // grpc-js emits 'cancelled' for a client cancel and for the deadline.
    call.on('cancelled', () => {
      clearTimeout(timer);
      seen.update({ observedCancelled: true, ended: true });
    });
    const headers = new grpc.Metadata();
    headers.set('x-interop-blocking', '1');
    call.sendMetadata(headers);
    seen.update({ started: true, hadDeadline });
  },

  GetCancelObservation(call, callback) {
    const seen = observation(call.request.id);
    seen.waitFor(call.request.wait_for, call.request.wait_ms).then(() =>
      callback(null, { started: seen.started, observed_cancelled: seen.observedCancelled, had_deadline: seen.hadDeadline }),
    );
  },
};

const health = {
  Check(call, callback) {
    if (SERVED_SERVICES.has(call.request.service)) {
      callback(null, { status: 'SERVING' });
    } else {
      callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${call.request.service}` });
    }
  },
};

const server = new grpc.Server();
server.addService(InteropService.service, handlers);
server.addService(Health.service, health);
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    process.stderr.write(`interop: bind failed: ${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`PORT ${port}\n`);
  process.stdin.on('end', () => {
    server.forceShutdown();
    process.exit(0);
  });
  process.stdin.resume();
});
