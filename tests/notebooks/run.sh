#!/usr/bin/env bash
# Executes the committed notebooks headless with nbconvert against the installed gonote
# kernelspec and checks their outputs. Usage: tests/notebooks/run.sh PREFIX
set -euo pipefail
cd "$(dirname "$0")/../.."
prefix=$(cd "${1:?usage: run.sh PREFIX}" && pwd)
source scripts/env.sh
export JUPYTER_PATH="$prefix/share/jupyter"
out="$prefix/test-notebooks"
mkdir -p "$out"

execute() { # notebook -> $out/<name>.ipynb
	local name
	name=$(basename "$1" .ipynb)
	echo "== executing $1"
	$JUPYTER nbconvert --to notebook --execute --ExecutePreprocessor.timeout=-1 \
		--ExecutePreprocessor.kernel_name=gonote "$1" --output-dir "$out" --output "$name" \
		2>&1 | grep -v -e '^\[NbConvertApp\] Writing' || true
	[ -f "$out/$name.ipynb" ] || { echo "nbconvert did not write $out/$name.ipynb"; exit 1; }
}

for nb in notebooks/*.ipynb; do
	[ "$(basename "$nb")" = taxa_aprendizado.ipynb ] && continue
	execute "$nb"
	checks="tests/notebooks/$(basename "$nb" .ipynb).checks"
	$PYTHON tests/notebooks/check_notebook.py "$out/$(basename "$nb")" \
		$([ -f "$checks" ] && echo --checks "$checks")
done

# The MNIST notebook runs through the Quick start's demo script, which must
# say where the executed notebook and its HTML export are, and the accuracy.
start=$(date +%s)
bash scripts/demo.sh "$prefix" 2>&1 | tee "$out/demo.log"
echo "taxa_aprendizado.ipynb ran in $(( $(date +%s) - start )) s"
for want in "Executed notebook: $prefix/demo/taxa_aprendizado.ipynb" \
	"HTML export:       $prefix/demo/taxa_aprendizado.html" "Test accuracy: 0."; do
	grep -qF "$want" "$out/demo.log" || { echo "FAIL demo.sh did not print: $want"; exit 1; }
done
[ -s "$prefix/demo/taxa_aprendizado.html" ] || { echo "FAIL no HTML export"; exit 1; }
echo "PASS demo.sh printed the notebook, the HTML export and the accuracy"
$PYTHON tests/notebooks/check_notebook.py "$prefix/demo/taxa_aprendizado.ipynb" \
	--epochs 15 --min-accuracy 0.99 --checks tests/notebooks/taxa_aprendizado.checks
