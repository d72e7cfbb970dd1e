#!/usr/bin/env bash
# Installs what gonote needs and is missing: Go module dependencies, Jupyter, OpenBLAS, and for
# the tests the kernel conformance suite, Chromium and playwright-core.
#
#   scripts/setup.sh          everything the demo and the tests need
#   scripts/setup.sh demo     only what the demo needs
#
# Jupyter comes from what the machine offers: an existing installation, else Debian's packages
# (as root or with sudo), else pip. It never asks you to set an environment variable.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-test}
GONOTE_VENV="$PWD/build/venv" # where a pip install goes when the system refuses it

say() { printf 'setup: %s\n' "$*"; }

need_go() {
	if ! command -v go >/dev/null; then
		say "Go is not installed. Install Go 1.26 or newer from go.dev/dl and run this again."
		exit 1
	fi
	# Any Go from 1.21 on fetches the toolchain go.mod asks for through the module proxy.
	export GOTOOLCHAIN=${GOTOOLCHAIN:-auto}
	say "$(go version)"
	go mod download
}

have_python_modules() {
	local py
	for py in /usr/bin/python3 "$(command -v python3 || true)" "$GONOTE_VENV/bin/python"; do
		[ -x "$py" ] || continue
		"$py" -c "import $1" 2>/dev/null && return 0
	done
	return 1
}

apt_install() {
	local sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	if ! command -v apt-get >/dev/null; then
		return 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	if [ -z "${GONOTE_APT_UPDATED:-}" ]; then
		$sudo apt-get update -q >/dev/null
		GONOTE_APT_UPDATED=1
	fi
	say "apt-get install $*"
	$sudo apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

pip_install() {
	command -v python3 >/dev/null || return 1
	say "pip install $*"
	python3 -m pip install --user -q "$@" 2>/dev/null && return 0
	# A system Python marked externally managed (PEP 668) refuses --user
	# installs: install into a venv of the project's own, which env.sh finds.
	say "pip refused a --user install; installing into $GONOTE_VENV"
	python3 -m venv "$GONOTE_VENV" && "$GONOTE_VENV/bin/python" -m pip install -q "$@"
}

need_jupyter() {
	local mods="nbconvert, nbclient, jupyter_client, ipykernel"
	local debs="jupyter-nbconvert python3-nbconvert python3-nbclient jupyter-client python3-ipykernel"
	local pips="nbconvert nbclient jupyter_client ipykernel jupyterlab"
	if [ "$mode" = test ]; then
		mods="$mods, jupyter_kernel_test, notebook, nbclassic"
		debs="$debs python3-jupyter-kernel-test jupyter-notebook python3-nbclassic jupyter-server"
		pips="$pips jupyter_kernel_test notebook"
	fi
	have_python_modules "$mods" && return 0
	# shellcheck disable=SC2086
	apt_install $debs || pip_install $pips || {
		say "could not install Jupyter: install $pips with pip, then run this again"
		exit 1
	}
}

need_openblas() {
	ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so' && return 0
	apt_install libopenblas-dev ||
		say "OpenBLAS not found: gonote falls back to its pure-Go BLAS (slower)"
}

need_browser() {
	command -v chromium >/dev/null || apt_install chromium
	command -v npm >/dev/null || apt_install nodejs npm
}

need_go
need_jupyter
need_openblas
[ "$mode" = test ] && need_browser
say "ready"
