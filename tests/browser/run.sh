#!/usr/bin/env bash
# Browser test: the classic notebook with the gonote kernel in headless
# Chromium (playwright-core driving Debian's /usr/bin/chromium).
#
#   bash tests/browser/run.sh PREFIX
#
# PREFIX is where `gonote install --prefix PREFIX` put the kernelspec
# (PREFIX/share/jupyter/kernels/gonote), the nbextension
# (PREFIX/share/jupyter/nbextensions/gonote) and its nbconfig
# (PREFIX/etc/jupyter/nbconfig/notebook.d). Screenshots go to
# $SCREENSHOT_DIR (default: PREFIX).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
prefix=$(realpath "${1:-$repo/build}")
jupyter=${JUPYTER:-/usr/bin/jupyter}
export PYDEVD_DISABLE_FILE_VALIDATION=1
export SCREENSHOT_DIR=${SCREENSHOT_DIR:-$prefix}

fail() {
	echo "browser test: $*" >&2
	echo "0 passed, 1 failed"
	exit 1
}

for f in share/jupyter/kernels/gonote/kernel.json share/jupyter/kernels/gonote/kernel.js \
	share/jupyter/nbextensions/gonote/main.js; do
	[[ -f $prefix/$f ]] || fail "$prefix/$f is missing: run gonote install --prefix $prefix"
done
command -v "$jupyter" >/dev/null || fail "$jupyter not found (apt-get install jupyter-notebook)"
[[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || fail "chromium not found (apt-get install chromium)"

work=$(mktemp -d /tmp/gonote-browser.XXXXXX)
nbpid=
cleanup() {
	if [[ -n $nbpid ]]; then
		kill "$nbpid" 2>/dev/null || true
		wait "$nbpid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# Dependencies: playwright-core only, no browser download.
(cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)

# The documented manual route works too: jupyter nbextension install/enable.
mkdir -p "$work/home"
HOME=$work/home "$jupyter" nbextension install "$repo/nbext/gonote" --user >/dev/null 2>&1 ||
	fail "jupyter nbextension install $repo/nbext/gonote --user failed"
HOME=$work/home "$jupyter" nbextension enable gonote/main --user >/dev/null 2>&1 ||
	fail "jupyter nbextension enable gonote/main --user failed"
HOME=$work/home "$jupyter" nbextension list 2>&1 | grep -q 'gonote/main.*enabled' ||
	fail "jupyter nbextension list does not show gonote/main enabled"
echo "PASS jupyter nbextension install/enable --user"

# Only the prefix is on the Jupyter paths: nothing from $HOME leaks in.
mkdir -p "$work/notebooks" "$work/config" "$work/data" "$work/runtime"
export JUPYTER_PATH=$prefix/share/jupyter
export JUPYTER_CONFIG_PATH=$prefix/etc/jupyter
export JUPYTER_CONFIG_DIR=$work/config
export JUPYTER_DATA_DIR=$work/data
export JUPYTER_RUNTIME_DIR=$work/runtime

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
token=gonote-$RANDOM$RANDOM
export NB_URL=http://127.0.0.1:$port NB_TOKEN=$token

"$jupyter" notebook --no-browser --allow-root --ip=127.0.0.1 --port="$port" \
	--NotebookApp.token="$token" --notebook-dir="$work/notebooks" >"$work/nb.log" 2>&1 &
nbpid=$!

for _ in $(seq 120); do
	curl -sf -o /dev/null -H "Authorization: token $token" "$NB_URL/api" && break
	kill -0 "$nbpid" 2>/dev/null || { cat "$work/nb.log" >&2; fail "the notebook server exited"; }
	sleep 0.5
done
curl -sf -o /dev/null -H "Authorization: token $token" "$NB_URL/api" ||
	{ cat "$work/nb.log" >&2; fail "the notebook server did not start in 60 s"; }

status=0
(cd "$here" && PASSED_BEFORE=1 node notebook.test.js) || status=$?
if [[ $status -ne 0 ]]; then
	echo "--- notebook server log ---" >&2
	tail -n 60 "$work/nb.log" >&2
fi
exit $status
