"""Checks what `dotnet pack Packages.slnf` produced, before anything installs it.

Usage: check-packages.py PACKAGE_DIR VERSION. Every package is there under the
one version, and nothing else is; each description names the protocol version and SPEC.md's
current draft (so a new draft cannot ship under an old description);
Tessera.Protocol carries the .proto files byte for byte; every library
package carries its XML docs beside its assembly (GenerateDocumentationFile,
Directory.Build.targets), so an IDE shows them; the CLI package is a .NET tool
with the command tessera-conformance.
"""
import pathlib
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

PACKAGES = ["Tessera.Protocol", "Tessera.Tokens", "Tessera.Client", "Tessera.Conformance", "Tessera.Conformance.Cli"]
PROTOS = ["tessera/v1/session.proto", "tessera/testing/v1/clock.proto"]


def main() -> int:
    folder, version = pathlib.Path(sys.argv[1]), sys.argv[2]
    root = pathlib.Path(__file__).resolve().parent.parent
    draft = re.search(r"^Status: draft (\d+)", (root / "SPEC.md").read_text(), re.M).group(1)
    problems = []
    for package in PACKAGES:
        path = folder / f"{package}.{version}.nupkg"
        if not path.exists():
            problems.append(f"{path.name} is missing")
            continue
        with zipfile.ZipFile(path) as nupkg:
            names = set(nupkg.namelist())
            nuspec = ET.fromstring(nupkg.read(f"{package}.nuspec"))
            metadata = next(e for e in nuspec if e.tag.endswith("metadata"))
            description = next(e.text or "" for e in metadata if e.tag.endswith("description"))
            if f"tessera.v1, SPEC draft {draft}" not in description:
                problems.append(f"{package}: description does not name tessera.v1, SPEC draft {draft}: {description!r}")
            if package == "Tessera.Protocol":
                for proto in PROTOS:
                    if f"proto/{proto}" not in names:
                        problems.append(f"{package}: proto/{proto} is not in the package")
                    elif nupkg.read(f"proto/{proto}") != (root / "proto" / proto).read_bytes():
                        problems.append(f"{package}: proto/{proto} differs from the repository's")
            if package != "Tessera.Conformance.Cli" and f"lib/net10.0/{package}.xml" not in names:
                problems.append(f"{package}: lib/net10.0/{package}.xml (its XML docs) is not in the package")
            if package == "Tessera.Conformance.Cli":
                settings = [n for n in names if n.endswith("DotnetToolSettings.xml")]
                if not settings or b'Name="tessera-conformance"' not in nupkg.read(settings[0]):
                    problems.append(f"{package}: not a .NET tool with the command tessera-conformance")
    # Servers, tests, benchmarks and examples stay unpacked (IsPackable=false by default).
    for path in folder.glob("*.nupkg"):
        if not any(path.name == f"{p}.{version}.nupkg" for p in PACKAGES):
            problems.append(f"{path.name} is packed but is not one of the packages")
    for problem in problems:
        print(f"check-packages: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
