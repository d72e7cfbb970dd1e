#!/usr/bin/env bash
# gen.sh [all|std|deps|gorgonia|gonote]: regenerates the yaegi symbol tables
# of this package with `yaegi extract`.
#   std       the standard library of the running Go (a few minutes)
#   deps      gonum, gonum/plot
#   gorgonia  gorgonia and its tensor package
#   gonote  cnn, cnn/datasets/mnist and kernel/display (seconds)
#   all     everything (the default)
set -euo pipefail
cd "$(dirname "$0")"
what=${1:-all}
bin=$(mktemp -d)
trap 'rm -rf "$bin" .gen' EXIT
go build -o "$bin/yaegi" github.com/traefik/yaegi/cmd/yaegi

# extract PREFIX PKG... writes PREFIX_<pkg>.go for each package.
extract() {
	local prefix=$1
	shift
	# A folder inside the module, so packages resolve; go ignores ".gen".
	rm -rf .gen && mkdir .gen
	(cd .gen && "$bin/yaegi" extract -name symbols "$@")
	rm -f "${prefix}"_*.go
	for f in .gen/*.go; do
		mv "$f" "${prefix}_$(basename "$f")"
	done
}

std_pkgs() {
	local skip='(^|/)(internal|vendor)(/|$)|^unsafe$|^syscall|^runtime/cgo$|^plugin$'
	skip+='|^cmd/|^testing/|^runtime/(race|msan|asan)|^log/syslog$'
	go list std | grep -Ev "$skip"
}

case $what in
all | std) extract std $(std_pkgs) ;;&
all | deps)
	extract deps gonum.org/v1/gonum/mat gonum.org/v1/gonum/stat gonum.org/v1/gonum/floats \
		gonum.org/v1/plot gonum.org/v1/plot/plotter gonum.org/v1/plot/plotutil \
		gonum.org/v1/plot/vg gonum.org/v1/plot/vg/draw gonum.org/v1/plot/vg/vgimg
	;;&
all | gorgonia)
	extract gorgonia gorgonia.org/gorgonia gorgonia.org/tensor
	;;&
all | gonote)
	pkgs=()
	for p in cnn cnn/datasets/mnist kernel/display; do
		if [ -d "../../$p" ]; then pkgs+=("github.com/gonote/gonote/$p"); fi
	done
	extract gonote "${pkgs[@]}"
	;;
std | deps | gorgonia) ;;
*)
	echo "usage: gen.sh [all|std|deps|gorgonia|gonote]" >&2
	exit 2
	;;
esac
