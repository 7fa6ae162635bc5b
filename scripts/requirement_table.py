"""Prints, for every requirement id in SPEC.md, the tests that name it.

A test names an id with [Trait("Requirement", "EXP-1")] on the test method.
Usage: /usr/bin/python3 scripts/requirement_table.py [folder ...]  (default: tests)
Exits 1 when a SPEC id (other than TRN) is named by no test in those folders.
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
ids = sorted(set(re.findall(r"\*\*([A-Z]{3}-\d+)\*\*", (root / "SPEC.md").read_text())),
             key=lambda i: (i.split("-")[0], int(i.split("-")[1])))
folders = [root / f for f in (sys.argv[1:] or ["tests"])]
trait = re.compile(r'\[Trait\("Requirement",\s*"([A-Z]{3}-\d+)"\)\]')
method = re.compile(r"public\s+(?:async\s+)?(?:Task|void)\s+(\w+)\s*\(")
named = {i: [] for i in ids}
for folder in folders:
    for path in folder.rglob("*.cs"):
        if "/obj/" in str(path) or "/bin/" in str(path):
            continue
        pending = []
        for line in path.read_text().splitlines():
            pending += trait.findall(line)
            m = method.search(line)
            if m and pending:
                for i in pending:
                    named.setdefault(i, []).append(f"{path.stem}.{m.group(1)}")
                pending = []

missing = [i for i in ids if not named[i] and not i.startswith("TRN")]
print("| id | tests |\n|---|---|")
for i in ids:
    tests = sorted(set(named[i]))
    shown = ", ".join(f"`{t}`" for t in tests[:4]) + (f" (+{len(tests) - 4} more)" if len(tests) > 4 else "")
    print(f"| {i} | {shown or '**none**'} |")
if missing:
    print(f"\nnot named by any test: {' '.join(missing)}", file=sys.stderr)
    sys.exit(1)
