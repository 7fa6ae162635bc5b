#!/usr/bin/env bash
# tessera.v1 stays wire compatible with what it first published: `buf breaking`
# (FILE rules, proto/buf.yaml) against proto/ at the commit pinned in
# proto/BREAKING_BASELINE. Needs the git history (a full clone, not --depth 1).
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=$(head -n 1 proto/BREAKING_BASELINE)
git cat-file -e "$baseline^{commit}" 2>/dev/null || {
  echo "buf-breaking: baseline commit $baseline is not in this clone (a shallow clone? fetch the history: git fetch --unshallow)"
  exit 1
}
# An exported copy works the same in a clone and in a git worktree.
against=$(mktemp -d)
trap 'rm -rf "$against"' EXIT
git archive "$baseline" proto | tar -x -C "$against"
(cd proto && ../tools/node/node_modules/.bin/buf breaking --against "$against/proto")
echo "buf-breaking: proto/ is compatible with tessera.v1 as published at $baseline"
