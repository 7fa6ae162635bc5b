"""Waits until a gRPC server answers grpc.health.v1.Health/Check with SERVING.

Usage: wait-for-health.py HOST:PORT [SECONDS]. Exits 0 once it does, 1 when
the time runs out. The request and answer are written as raw protobuf bytes
(an empty HealthCheckRequest; status=SERVING is field 1 = 1), because Debian's
grpcio ships without the grpc_health stubs.
"""
import sys
import time

import grpc

SERVING = b"\x08\x01"


def main() -> int:
    address = sys.argv[1]
    deadline = time.monotonic() + (float(sys.argv[2]) if len(sys.argv) > 2 else 60.0)
    with grpc.insecure_channel(address) as channel:
        check = channel.unary_unary("/grpc.health.v1.Health/Check")
        while time.monotonic() < deadline:
            try:
                if check(b"", timeout=2) == SERVING:
                    return 0
            except grpc.RpcError:
                pass
            time.sleep(0.2)
    print(f"wait-for-health: {address} did not report SERVING in time", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
