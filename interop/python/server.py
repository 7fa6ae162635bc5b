#!/usr/bin/env python3
"""The interop service on Python grpcio (Debian python3-grpcio).

Binds 127.0.0.1 on a free port, prints `PORT <n>` as its first line, serves
until standard input closes, then exits. Run with /usr/bin/python3 (the
interpreter Debian's python3-grpcio is installed for):

    /usr/bin/python3 interop/python/server.py
"""

import sys
import threading
from concurrent import futures

import interop_protos

P = interop_protos.load()
import grpc  # noqa: E402  (after load(), which explains a missing grpcio)

pb = P.interop_pb2
STATUS_DETAILS_KEY = "grpc-status-details-bin"
# BlockUntilCancelled gives up after this long so a broken client cannot pin a thread.
BLOCK_LIMIT_SECONDS = 30.0
# Any deadline further away than a year is taken as none.
NO_DEADLINE_SECONDS = 365 * 24 * 3600.0
SERVED_SERVICES = ("", "tessera.interop.v1.InteropService", "grpc.health.v1.Health")
_CODES = {code.value[0]: code for code in grpc.StatusCode}


class Observation:
    """What the server saw of one BlockUntilCancelled call."""

    def __init__(self):
        self.had_deadline = False
        self.observed_cancelled = False
        self.started = threading.Event()
        self.ended = threading.Event()


class InteropServicer(P.interop_pb2_grpc.InteropServiceServicer):
    def __init__(self):
        self._lock = threading.Lock()
        self._observations = {}

    def Unary(self, request, context):
        received = context.invocation_metadata()
        headers = [(m.key, m.value) for m in received if m.key in request.echo_to_headers]
        trailers = [(m.key, m.value) for m in received if m.key in request.echo_to_trailers]
        if headers:
            context.send_initial_metadata(headers)
        if request.fail.code != 0:
            spec = request.fail
            info = P.error_details_pb2.ErrorInfo(reason=spec.reason, domain=spec.domain, metadata=dict(spec.metadata))
            status = P.status_pb2.Status(code=spec.code, message=spec.message)
            status.details.add().Pack(info)
            context.set_trailing_metadata(trailers + [(STATUS_DETAILS_KEY, status.SerializeToString())])
            context.abort(_CODES[spec.code], spec.message)
        context.set_trailing_metadata(trailers)
        if request.response_size > 0:
            return pb.UnaryResponse(payload=interop_protos.pattern(request.response_size))
        return pb.UnaryResponse(payload=request.payload)

    def ServerStreaming(self, request, context):
        for index, size in enumerate(request.response_sizes):
            yield pb.ServerStreamingResponse(index=index, payload=interop_protos.pattern(size))

    def Bidi(self, request_iterator, context):
        for request in request_iterator:
            yield pb.BidiResponse(index=request.index, payload=request.payload)

    def _observation(self, call_id):
        # Created by whichever of BlockUntilCancelled and GetCancelObservation
        # comes first, so a waiting observer sees the call when it arrives.
        with self._lock:
            return self._observations.setdefault(call_id, Observation())

    def BlockUntilCancelled(self, request, context):
        observation = self._observation(request.id)
        # grpcio reports "no deadline" as about 2**63 seconds remaining.
        remaining = context.time_remaining()
        observation.had_deadline = remaining is not None and remaining < NO_DEADLINE_SECONDS
        ended = threading.Event()
        # add_callback runs when the RPC terminates; since this handler never
        # completes the call itself, a termination here is a cancel or deadline.
        if not context.add_callback(ended.set):
            ended.set()
        context.send_initial_metadata((("x-interop-blocking", "1"),))
        observation.started.set()
        try:
            if ended.wait(BLOCK_LIMIT_SECONDS):
                observation.observed_cancelled = True
                return pb.BlockUntilCancelledResponse()
            context.abort(grpc.StatusCode.ABORTED, "BlockUntilCancelled was never cancelled")
        finally:
            observation.ended.set()

    def GetCancelObservation(self, request, context):
        observation = self._observation(request.id)
        stage = observation.started if request.wait_for == pb.CALL_STAGE_STARTED else observation.ended
        stage.wait(request.wait_ms / 1000.0)
        return pb.GetCancelObservationResponse(
            started=observation.started.is_set(),
            observed_cancelled=observation.observed_cancelled,
            had_deadline=observation.had_deadline,
        )


def health_check(request, context):
    if request.service in SERVED_SERVICES:
        return P.health_pb2.HealthCheckResponse(status=P.health_pb2.HealthCheckResponse.SERVING)
    context.abort(grpc.StatusCode.NOT_FOUND, f"unknown service {request.service}")


def main():
    # grpcio ships no grpc_health module in Debian, so the health service is a
    # generic handler over the copied health.proto messages.
    health = grpc.method_handlers_generic_handler(
        "grpc.health.v1.Health",
        {
            "Check": grpc.unary_unary_rpc_method_handler(
                health_check,
                request_deserializer=P.health_pb2.HealthCheckRequest.FromString,
                response_serializer=P.health_pb2.HealthCheckResponse.SerializeToString,
            )
        },
    )
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
    P.interop_pb2_grpc.add_InteropServiceServicer_to_server(InteropServicer(), server)
    server.add_generic_rpc_handlers((health,))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(f"PORT {port}", flush=True)
    sys.stdin.read()  # until the parent closes our standard input
    server.stop(grace=0).wait()


if __name__ == "__main__":
    main()
