"""A newcomer's first session, with a non-.NET client (Debian python3-grpcio).

Run by newcomer-walkthrough.sh, which starts the reference server with the
README command and passes a way to mint tokens. Walks start, get, update,
watch (token_updated, token_expired, terminated) and end, and exits non-zero
with a one-line reason at the first surprise.
"""
import subprocess
import sys
import time

import grpc

sys.path.insert(0, sys.argv[1])  # generated stubs
from tessera.v1 import session_pb2 as pb  # noqa: E402
from tessera.v1 import session_pb2_grpc as pbg  # noqa: E402

target, mint = sys.argv[2], sys.argv[3:]


def token(sub, roles, ttl):
    out = subprocess.run(mint + ["--sub", sub, "--roles", roles, "--ttl", str(ttl)],
                         check=True, capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


def expect(cond, what):
    if not cond:
        print(f"FAIL {what}")
        sys.exit(1)
    print(f"ok   {what}")


with grpc.insecure_channel(target) as channel:
    stub = pbg.SessionServiceStub(channel)
    info = stub.GetServerInfo(pb.GetServerInfoRequest())
    expect("tessera.v1" in info.protocol_versions, f"server info: versions {list(info.protocol_versions)}, issuers {list(info.issuers)}")

    started = stub.StartSession(pb.StartSessionRequest(
        client_instance_id="newcomer-laptop", token=token("alice", "member,admin", 3), protocol_version="tessera.v1"))
    s = started.session
    expect(s.state == pb.SESSION_STATE_ACTIVE and list(s.roles) == ["admin", "member"], f"started session for {s.user_id}, roles {list(s.roles)}")

    got = stub.GetSession(pb.GetSessionRequest(session_id=s.session_id)).session
    expect(got.session_id == s.session_id, "get session")

    updated = stub.UpdateSessionToken(pb.UpdateSessionTokenRequest(
        session_id=s.session_id, token=token("alice", "admin,member", 4))).session
    expect(updated.expires_at.seconds >= s.expires_at.seconds, "update token (same roles, other order)")

    # The stream replays from the first event, then follows live ones until terminated.
    kinds = []
    for response in stub.WatchSession(pb.WatchSessionRequest(session_id=s.session_id), timeout=30):
        kind = response.event.WhichOneof("kind")
        kinds.append(kind)
        print(f"     event {response.event.seq}: {kind}")
        if kind == "terminated":
            expect(response.event.terminated.reason == pb.SESSION_END_REASON_TOKEN_EXPIRED, "terminated with TOKEN_EXPIRED")
    # Short tokens fall inside the expiring notice at once, so token_expiring comes first.
    expect(kinds[:2] == ["token_expiring", "token_updated"] and "token_expired" in kinds and kinds[-1] == "terminated", f"events {kinds}")

    try:
        stub.GetSession(pb.GetSessionRequest(session_id=s.session_id))
        expect(False, "get after termination fails")
    except grpc.RpcError as e:
        expect(e.code() == grpc.StatusCode.FAILED_PRECONDITION, f"get after termination: {e.code().name} {e.details()}")

    second = stub.StartSession(pb.StartSessionRequest(
        client_instance_id="newcomer-laptop", token=token("alice", "member", 60), protocol_version="tessera.v1")).session
    stub.EndSession(pb.EndSessionRequest(session_id=second.session_id))
    stub.EndSession(pb.EndSessionRequest(session_id=second.session_id))
    last = list(stub.WatchSession(pb.WatchSessionRequest(session_id=second.session_id), timeout=10))
    expect(last[-1].event.terminated.reason == pb.SESSION_END_REASON_ENDED, "end session (twice: idempotent), watcher sees terminated(ENDED)")

print("newcomer walkthrough: all steps passed")
