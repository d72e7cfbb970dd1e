#!/usr/bin/env bash
# Runs notebooks/taxa_aprendizado.ipynb headless against the installed gonote kernel and writes
# the executed notebook and its HTML export. Usage: scripts/demo.sh PREFIX
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=$(cd "${1:?usage: demo.sh PREFIX}" && pwd)
source scripts/env.sh
export JUPYTER_PATH="$prefix/share/jupyter"
out="$prefix/demo"
mkdir -p "$out"

echo "Training the CNN on MNIST for 15 epochs (a few minutes on 2 cores)..."
$JUPYTER nbconvert --to notebook --execute --ExecutePreprocessor.timeout=-1 \
	--ExecutePreprocessor.kernel_name=gonote notebooks/taxa_aprendizado.ipynb \
	--output-dir "$out" --output taxa_aprendizado
$JUPYTER nbconvert --to html "$out/taxa_aprendizado.ipynb" --output-dir "$out"

accuracy=$(grep -o 'Test accuracy: [0-9][0-9.]*' "$out/taxa_aprendizado.ipynb" | tail -n 1)
echo
echo "Executed notebook: $out/taxa_aprendizado.ipynb"
echo "HTML export:       $out/taxa_aprendizado.html"
missing="Test accuracy: not found (see the outputs of the notebook)"
echo "${accuracy:-$missing}"
