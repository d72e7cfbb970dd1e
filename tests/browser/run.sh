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
jupyter=/usr/bin/jupyter
[[ -x $jupyter ]] || jupyter=$(command -v jupyter || echo "$repo/build/venv/bin/jupyter")
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
# Debian's chromium; elsewhere (Ubuntu, CI runners) a snap Chromium or Chrome.
for c in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /snap/bin/chromium \
	/usr/bin/google-chrome /usr/bin/google-chrome-stable; do
	if [[ -n $c && -x $c ]]; then
		export CHROMIUM=$c
		break
	fi
done
[[ -n ${CHROMIUM:-} ]] || fail "no Chromium found (apt-get install chromium, or set CHROMIUM)"

work=$(mktemp -d /tmp/gonote-browser.XXXXXX)
nbpid=
testpid=
cleanup() {
	if [[ -n $testpid ]]; then
		kill "$testpid" 2>/dev/null || true
		wait "$testpid" 2>/dev/null || true
	fi
	if [[ -n $nbpid ]]; then
		kill "$nbpid" 2>/dev/null || true
		wait "$nbpid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Dependencies: playwright-core only, no browser download.
(cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)

# The documented manual route works too: jupyter nbextension install/enable.
mkdir -p "$work/home"
HOME=$work/home "$jupyter" nbextension install "$repo/nbext/gonote" --user >/dev/null 2>&1 ||
	fail "jupyter nbextension install $repo/nbext/gonote --user failed"
HOME=$work/home "$jupyter" nbextension enable gonote/main --user >/dev/null 2>&1 ||
	fail "jupyter nbextension enable gonote/main --user failed"
listed=$(HOME=$work/home "$jupyter" nbextension list 2>&1)
grep -q 'gonote/main.*enabled' <<<"$listed" ||
	fail "jupyter nbextension list does not show gonote/main enabled"
echo "PASS jupyter nbextension install/enable --user"

# Only the prefix is on the Jupyter paths: nothing from $HOME leaks in.
mkdir -p "$work/notebooks" "$work/config" "$work/data" "$work/runtime"
export JUPYTER_PATH=$prefix/share/jupyter
export JUPYTER_CONFIG_PATH=$prefix/etc/jupyter
export JUPYTER_CONFIG_DIR=$work/config
export JUPYTER_DATA_DIR=$work/data
export JUPYTER_RUNTIME_DIR=$work/runtime

# start_server KIND starts the classic notebook (notebook 6) or nbclassic on
# a free port and waits until its REST API answers.
start_server() {
	local kind=$1 token_flag
	case $kind in
	notebook) token_flag=--NotebookApp.token ;;
	nbclassic) token_flag=--ServerApp.token ;;
	*) fail "unknown server $kind" ;;
	esac
	port=$(python3 -c \
		'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	token=gonote-$RANDOM$RANDOM
	export NB_URL=http://127.0.0.1:$port NB_TOKEN=$token
	log=$work/$kind.log
	"$jupyter" "$kind" --no-browser --allow-root --ip=127.0.0.1 --port="$port" \
		"$token_flag=$token" --notebook-dir="$work/notebooks" >"$log" 2>&1 &
	nbpid=$!
	for _ in $(seq 120); do
		curl -sf -o /dev/null -H "Authorization: token $token" "$NB_URL/api" && return 0
		kill -0 "$nbpid" 2>/dev/null || { cat "$log" >&2; fail "jupyter $kind exited"; }
		sleep 0.5
	done
	cat "$log" >&2
	fail "jupyter $kind did not start in 60 s"
}

stop_server() {
	kill "$nbpid" 2>/dev/null || true
	wait "$nbpid" 2>/dev/null || true
	nbpid=
}

passed=1 # the nbextension install/enable check above
failed=0
# has_server KIND reports whether jupyter KIND is a classic notebook server
# (Notebook 7 no longer loads classic extensions; nbclassic may be absent).
has_server() {
	local v
	v=$("$jupyter" "$1" --version 2>/dev/null | tail -n 1) || return 1
	[[ $1 == nbclassic || ${v%%.*} -lt 7 ]]
}

ran=0
for kind in ${SERVERS:-notebook nbclassic}; do
	if ! has_server "$kind"; then
		echo "SKIP jupyter $kind: not installed or not a classic notebook server"
		continue
	fi
	ran=$((ran + 1))
	echo "--- jupyter $kind ---"
	start_server "$kind"
	out=$work/$kind.out
	status=0
	# In the background, so that an interrupt reaches the traps at once.
	(cd "$here" && SERVER=$kind exec node notebook.test.js) >"$out" 2>&1 &
	testpid=$!
	wait "$testpid" || status=$?
	testpid=
	cat "$out"
	stop_server
	summary=$(tail -n 1 "$out")
	if [[ $summary =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
	else
		failed=$((failed + 1))
	fi
	if [[ $status -ne 0 ]]; then
		echo "--- jupyter $kind log ---" >&2
		tail -n 40 "$log" >&2
	fi
done

[[ $ran -gt 0 ]] || { echo "no classic notebook server to test" >&2; failed=$((failed + 1)); }
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
