"""Generated code for interop/protos, compiled for this interpreter at start-up.

The stubs are not checked in: protoc (Debian protobuf-compiler) and
grpc_python_plugin (Debian protobuf-compiler-grpc) write them to a temporary
directory that is removed at exit, so they always match the .proto files and the
installed python3-protobuf.
"""

import atexit
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import types

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_ROOT = os.path.normpath(os.path.join(HERE, "..", "protos"))
INSTALL_HINT = "run scripts/install-deps.sh"

# Every payload in the interop service follows one pattern: byte i is i mod 256.
_BLOCK = bytes(range(256))


def pattern(size):
    """Returns `size` pattern bytes (byte i is i mod 256)."""
    return (_BLOCK * (size // 256 + 1))[:size]


def _require_tool(name):
    path = shutil.which(name)
    if path is None:
        sys.exit(f"interop: '{name}' not found on PATH: {INSTALL_HINT}")
    return path


def _load_module_from(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load():
    """Compiles the interop protos and returns their modules as attributes:
    interop_pb2, interop_pb2_grpc, status_pb2, error_details_pb2, health_pb2."""
    try:
        import grpc  # noqa: F401  (fail early with a useful hint)
        import google.protobuf  # noqa: F401
    except ImportError as error:
        sys.exit(f"interop: {error} (use /usr/bin/python3 with python3-grpcio): {INSTALL_HINT}")
    protoc = _require_tool("protoc")
    plugin = _require_tool("grpc_python_plugin")

    out = tempfile.mkdtemp(prefix="tessera-interop-py-")
    atexit.register(shutil.rmtree, out, True)
    base = ["protoc", f"-I{PROTO_ROOT}", f"--python_out={out}"]
    messages = ["google/rpc/status.proto", "google/rpc/error_details.proto", "grpc/health/v1/health.proto"]
    service = "tessera/interop/v1/interop.proto"
    subprocess.run(base + messages, check=True, executable=protoc)
    subprocess.run(
        base + [f"--plugin=protoc-gen-grpc_python={plugin}", f"--grpc_python_out={out}", service],
        check=True,
        executable=protoc,
    )

    # "google" and "tessera" are namespace packages, so the generated google.rpc
    # sits beside python3-protobuf's google.protobuf. "grpc" is a regular
    # package (grpcio), so the health messages are loaded by path instead.
    sys.path.insert(0, out)
    from google.rpc import error_details_pb2, status_pb2
    from tessera.interop.v1 import interop_pb2, interop_pb2_grpc

    health_pb2 = _load_module_from(os.path.join(out, "grpc", "health", "v1", "health_pb2.py"), "interop_health_pb2")
    return types.SimpleNamespace(
        interop_pb2=interop_pb2,
        interop_pb2_grpc=interop_pb2_grpc,
        status_pb2=status_pb2,
        error_details_pb2=error_details_pb2,
        health_pb2=health_pb2,
    )
