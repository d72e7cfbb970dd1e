#!/usr/bin/env bash
# Runs the Jupyter conformance suite (jupyter_kernel_test) and the interrupt
# tests against the gonote kernel installed with `gonote install --prefix PREFIX`.
# Fails if any test fails, errors or is skipped.
#   usage: tests/conformance/run.sh PREFIX
set -euo pipefail

prefix=$(realpath "${1:?usage: run.sh PREFIX}")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/env.sh"
export JUPYTER_PATH="$prefix/share/jupyter"

specs=$("$PYTHON" -m jupyter kernelspec list)
if ! grep -qw gonote <<<"$specs"; then
    echo "run.sh: kernelspec gonote not found under $JUPYTER_PATH (run gonote install --prefix $prefix)" >&2
    exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cd "$here"
"$PYTHON" -m unittest -v test_gonote.py test_interrupt.py test_output.py test_comm.py test_lifecycle.py test_corpus.py 2>&1 | tee "$log" || status=$?

if grep -Eq '(skipped|SKIP)' "$log"; then
    echo "run.sh: some tests were skipped; a skipped test does not pass" >&2
    exit 1
fi
if [ "$status" -ne 0 ] || ! grep -q '^OK$' "$log"; then
    echo "run.sh: conformance tests failed" >&2
    exit 1
fi
echo "run.sh: all conformance tests passed"
