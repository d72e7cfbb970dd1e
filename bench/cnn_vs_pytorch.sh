#!/usr/bin/env bash
# Compare one training step of the notebook's CNN (batch 64, Adam) in gonote's
# cnn package with PyTorch on 2 threads, in interleaved rounds so that both
# see the same machine load. Also times the pure-Go build (gonum BLAS).
#
# Usage: bench/cnn_vs_pytorch.sh [rounds] [steps]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
steps=${2:-300}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go test -c -o "$tmp/cnn.test" ./cnn
go test -c -tags purego -o "$tmp/cnn_purego.test" ./cnn

gostep() { # binary steps → ms/step
	"$1" -test.run '^$' -test.bench '^BenchmarkTrainStep$' -test.benchtime "${2}x" |
		awk '/ms\/step/ { for (i = 1; i <= NF; i++) if ($i == "ms/step") print $(i-1) }'
}
pystep() {
	/usr/bin/python3 bench/pytorch_step.py "$1" 1 | sed -n 's/.*ms\/step=//p'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2 }'; }

echo "BLAS: $("$tmp/cnn.test" -test.run '^$' -test.bench '^BenchmarkTrainStep$' \
	-test.benchtime 1x -test.v 2>&1 | sed -n 's/.*BLAS: //p' | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$tmp/go" >"$tmp/py" >"$tmp/pure"
for r in $(seq "$rounds"); do
	g=$(gostep "$tmp/cnn.test" "$steps")
	p=$(pystep "$steps")
	u=$(gostep "$tmp/cnn_purego.test" $((steps / 3)))
	echo "round $r: gonote $g ms/step, pytorch $p ms/step, gonote pure Go $u ms/step"
	echo "$g" >>"$tmp/go"
	echo "$p" >>"$tmp/py"
	echo "$u" >>"$tmp/pure"
done
g=$(median <"$tmp/go")
p=$(median <"$tmp/py")
u=$(median <"$tmp/pure")
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median ms/step: gonote $g, pytorch $p, gonote pure Go $u"
awk -v g="$g" -v p="$p" -v u="$u" 'BEGIN {
	printf "gonote/pytorch time ratio %.2f (%.2fx the speed of PyTorch)\n", g / p, p / g
	printf "pure Go/pytorch time ratio %.2f\n", u / p
}'
