#!/usr/bin/env python3
"""Python grpcio client for the interop service: runs cases against a server.

    /usr/bin/python3 interop/python/client.py 127.0.0.1:PORT [CASE ...]

With no case it runs them all. Prints one line per case, `PASS <case>` or
`FAIL <case>: <why>`, and exits 0 only if every case passed (2 on bad usage).
"""

import queue
import sys
import uuid

import interop_protos

P = interop_protos.load()
import grpc  # noqa: E402  (after load(), which explains a missing grpcio)

pb = P.interop_pb2
pattern = interop_protos.pattern
SC = grpc.StatusCode
# Every call carries a deadline so a broken server fails a case instead of hanging it.
CALL_TIMEOUT = 15.0
# The deadline case's deadline: long enough for a loaded machine to reach the
# handler before it passes, since the server must see it start.
DEADLINE_SECONDS = 1.5
MIB = 1024 * 1024
# grpcio's and every other stack's default receive limit.
DEFAULT_LIMIT = 4 * MIB
# A payload whose encoded message (1 tag byte + 4 length bytes + payload) is
# exactly 3 bytes under the limit.
AT_LIMIT_PAYLOAD = DEFAULT_LIMIT - 8
OVER_LIMIT_PAYLOAD = DEFAULT_LIMIT + 1024
ASCII_KEY, ASCII_VALUE = "x-interop-ascii", "hello interop 1"
# Bytes that are not valid UTF-8 and whose base64 needs padding.
BIN_KEY, BIN_VALUE = "x-interop-bin", bytes([0x00, 0x01, 0xFE, 0xFF, 0x80])
ERROR_MESSAGE = "interop failure: 100% sure, ünïcode ✓"
ERROR_INFO_TYPE_URL = "type.googleapis.com/google.rpc.ErrorInfo"


class CaseFailure(Exception):
    pass


def check(condition, why):
    if not condition:
        raise CaseFailure(why)


def expect_status(code, call, *args, **kwargs):
    """Calls `call` and returns the grpc.RpcError, which must carry `code`."""
    try:
        call(*args, **kwargs)
    except grpc.RpcError as error:
        check(error.code() == code, f"expected {code.name}, got {error.code().name}: {error.details()!r}")
        return error
    raise CaseFailure(f"expected {code.name}, the call succeeded")


def case_unary(stub, channel):
    for size in (0, 1, 1000, 70000):
        payload = pattern(size)
        response = stub.Unary(pb.UnaryRequest(payload=payload), timeout=CALL_TIMEOUT)
        check(response.payload == payload, f"echo of {size} bytes came back as {len(response.payload)} bytes")


def case_server_streaming(stub, channel):
    sizes = [0, 1, 100, 16384, 16385, 100000, 3]
    call = stub.ServerStreaming(pb.ServerStreamingRequest(response_sizes=sizes), timeout=CALL_TIMEOUT)
    received = list(call)
    check(len(received) == len(sizes), f"expected {len(sizes)} messages, got {len(received)}")
    for index, (message, size) in enumerate(zip(received, sizes)):
        check(message.index == index, f"message {index} has index {message.index}")
        check(message.payload == pattern(size), f"message {index}: wrong payload of {len(message.payload)} bytes")
    check(call.code() == SC.OK, f"stream ended with {call.code().name}")


def case_bidi(stub, channel):
    requests = queue.Queue()

    def request_stream():
        while True:
            request = requests.get()
            if request is None:
                return
            yield request

    responses = stub.Bidi(request_stream(), timeout=CALL_TIMEOUT)
    # Ping-pong: each answer must arrive before the next request is sent, so a
    # server that buffers until half-close fails on its deadline.
    for index, size in enumerate((5, 0, 20000, 1, 65536)):
        requests.put(pb.BidiRequest(index=index, payload=pattern(size)))
        response = next(responses)
        check(response.index == index, f"answer {index} has index {response.index}")
        check(response.payload == pattern(size), f"answer {index}: wrong payload of {len(response.payload)} bytes")
    requests.put(None)
    rest = list(responses)
    check(rest == [], f"{len(rest)} extra answers after half-close")
    check(responses.code() == SC.OK, f"stream ended with {responses.code().name}")


def case_error_details(stub, channel):
    spec = pb.ErrorSpec(
        code=SC.FAILED_PRECONDITION.value[0],
        message=ERROR_MESSAGE,
        reason="INTEROP_REASON",
        domain="interop.tessera.dev",
        metadata={"attempt": "1"},
    )
    error = expect_status(SC.FAILED_PRECONDITION, stub.Unary, pb.UnaryRequest(fail=spec), timeout=CALL_TIMEOUT)
    check(error.details() == ERROR_MESSAGE, f"grpc-message decoded as {error.details()!r}")
    raw = [value for key, value in error.trailing_metadata() or () if key == "grpc-status-details-bin"]
    check(len(raw) == 1, f"expected one grpc-status-details-bin trailer, got {len(raw)}")
    status = P.status_pb2.Status.FromString(raw[0])
    check(status.code == spec.code, f"google.rpc.Status.code is {status.code}")
    check(status.message == ERROR_MESSAGE, f"google.rpc.Status.message is {status.message!r}")
    check(len(status.details) == 1, f"expected one detail, got {len(status.details)}")
    check(status.details[0].type_url == ERROR_INFO_TYPE_URL, f"detail type is {status.details[0].type_url}")
    info = P.error_details_pb2.ErrorInfo()
    status.details[0].Unpack(info)
    check(info.reason == "INTEROP_REASON", f"ErrorInfo.reason is {info.reason!r}")
    check(info.domain == "interop.tessera.dev", f"ErrorInfo.domain is {info.domain!r}")
    check(dict(info.metadata) == {"attempt": "1"}, f"ErrorInfo.metadata is {dict(info.metadata)}")


def observation(stub, call_id, stage=pb.CALL_STAGE_ENDED):
    request = pb.GetCancelObservationRequest(id=call_id, wait_ms=5000, wait_for=stage)
    return stub.GetCancelObservation(request, timeout=CALL_TIMEOUT)


def case_deadline(stub, channel):
    call_id = f"py-deadline-{uuid.uuid4()}"
    expect_status(SC.DEADLINE_EXCEEDED, stub.BlockUntilCancelled, pb.BlockUntilCancelledRequest(id=call_id), timeout=DEADLINE_SECONDS)
    seen = observation(stub, call_id)
    check(seen.started, "the server never saw the call")
    check(seen.had_deadline, "the server saw no deadline (grpc-timeout)")
    check(seen.observed_cancelled, "the server did not see the call end at its deadline")


def case_cancel(stub, channel):
    call_id = f"py-cancel-{uuid.uuid4()}"
    # No deadline: the server must see none, and the call ends only by the cancel.
    call = stub.BlockUntilCancelled.future(pb.BlockUntilCancelledRequest(id=call_id))
    # grpcio surfaces a unary call's headers only with its end, so ask the
    # server when the handler is running instead of waiting for headers.
    check(observation(stub, call_id, pb.CALL_STAGE_STARTED).started, "the server never saw the call")
    check(call.cancel(), "the call could not be cancelled")
    check(call.code() == SC.CANCELLED, f"cancelled call reports {call.code().name}")
    seen = observation(stub, call_id)
    check(seen.started, "the server never saw the call")
    check(seen.observed_cancelled, "the server did not see the cancel")
    check(not seen.had_deadline, "the server saw a deadline the client never set")


def case_metadata(stub, channel):
    keys = [ASCII_KEY, BIN_KEY]
    request = pb.UnaryRequest(payload=b"m", echo_to_headers=keys, echo_to_trailers=keys)
    sent = ((ASCII_KEY, ASCII_VALUE), (BIN_KEY, BIN_VALUE))
    _, call = stub.Unary.with_call(request, metadata=sent, timeout=CALL_TIMEOUT)
    for where, received in (("header", call.initial_metadata()), ("trailer", call.trailing_metadata())):
        values = dict(received or ())
        check(values.get(ASCII_KEY) == ASCII_VALUE, f"{where} {ASCII_KEY} came back as {values.get(ASCII_KEY)!r}")
        check(values.get(BIN_KEY) == BIN_VALUE, f"{where} {BIN_KEY} came back as {values.get(BIN_KEY)!r}")


def case_request_too_large(stub, channel):
    request = pb.UnaryRequest(payload=pattern(OVER_LIMIT_PAYLOAD))
    expect_status(SC.RESOURCE_EXHAUSTED, stub.Unary, request, timeout=CALL_TIMEOUT)


def case_response_too_large(stub, channel):
    request = pb.UnaryRequest(response_size=OVER_LIMIT_PAYLOAD)
    expect_status(SC.RESOURCE_EXHAUSTED, stub.Unary, request, timeout=CALL_TIMEOUT)


def case_message_at_limit(stub, channel):
    payload = pattern(AT_LIMIT_PAYLOAD)
    response = stub.Unary(pb.UnaryRequest(payload=payload), timeout=CALL_TIMEOUT)
    check(response.payload == payload, f"echo of {len(payload)} bytes came back as {len(response.payload)} bytes")


def case_unimplemented(stub, channel):
    for path in ("/tessera.interop.v1.InteropService/NoSuchMethod", "/no.such.v1.Service/Method"):
        method = channel.unary_unary(
            path,
            request_serializer=pb.UnaryRequest.SerializeToString,
            response_deserializer=pb.UnaryResponse.FromString,
        )
        try:
            method(pb.UnaryRequest(), timeout=CALL_TIMEOUT)
        except grpc.RpcError as error:
            check(error.code() == SC.UNIMPLEMENTED, f"{path}: expected UNIMPLEMENTED, got {error.code().name}")
            continue
        raise CaseFailure(f"{path}: expected UNIMPLEMENTED, the call succeeded")


def case_health(stub, channel):
    health = P.health_pb2
    check_method = channel.unary_unary(
        "/grpc.health.v1.Health/Check",
        request_serializer=health.HealthCheckRequest.SerializeToString,
        response_deserializer=health.HealthCheckResponse.FromString,
    )
    response = check_method(health.HealthCheckRequest(service=""), timeout=CALL_TIMEOUT)
    check(response.status == health.HealthCheckResponse.SERVING, f"status is {response.status}")
    expect_status(SC.NOT_FOUND, check_method, health.HealthCheckRequest(service="no.such.v1.Service"), timeout=CALL_TIMEOUT)


CASES = {
    "unary": case_unary,
    "server_streaming": case_server_streaming,
    "bidi": case_bidi,
    "error_details": case_error_details,
    "deadline": case_deadline,
    "cancel": case_cancel,
    "metadata": case_metadata,
    "request_too_large": case_request_too_large,
    "response_too_large": case_response_too_large,
    "message_at_limit": case_message_at_limit,
    "unimplemented": case_unimplemented,
    "health": case_health,
}


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    target, names = argv[1], argv[2:] or list(CASES)
    failed = 0
    with grpc.insecure_channel(target) as channel:
        stub = P.interop_pb2_grpc.InteropServiceStub(channel)
        for name in names:
            case = CASES.get(name)
            try:
                if case is None:
                    raise CaseFailure(f"unknown case (known: {', '.join(CASES)})")
                case(stub, channel)
                print(f"PASS {name}", flush=True)
            except Exception as error:  # a case fails, the run goes on
                failed += 1
                detail = f"{type(error).__name__}: {error}" if not isinstance(error, CaseFailure) else str(error)
                print(f"FAIL {name}: {' '.join(detail.split())}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
