#!/usr/bin/env bash
# Runs the Docker image's build script on this machine, into a temporary
# prefix, and checks what it installed: no Docker engine is needed.
#
#   bash tests/docker/run.sh
#
# GO names the go command (default: go). KEEP=1 keeps the prefix.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
go=${GO:-go}
source "$repo/scripts/env.sh"
python=$PYTHON

prefix=$(mktemp -d /tmp/gonote-docker.XXXXXX)
cleanup() {
	if [[ ${KEEP:-} == 1 ]]; then
		echo "kept $prefix"
	else
		rm -rf "$prefix"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
check() {
	local name=$1
	shift
	local out
	if out=$("$@" 2>&1); then
		passed=$((passed + 1))
		echo "PASS $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
		echo "$out" | tail -n 20 | sed 's/^/    /'
	fi
}

build() {
	bash "$repo/docker/build.sh" "$prefix" --go "$go"
}

argv_points_at_binary() {
	"$python" - "$prefix" <<'EOF'
import json, os, sys
prefix = sys.argv[1]
spec = json.load(open(os.path.join(prefix, "share/jupyter/kernels/gonote/kernel.json")))
want = os.path.realpath(os.path.join(prefix, "bin/gonote"))
assert spec["argv"] == [want, "kernel", "{connection_file}"], spec["argv"]
assert want == os.path.join(prefix, "lib/gonote/gonote"), want
assert spec["language"] == "go" and spec["display_name"] == "Go (gonote)", spec
EOF
}

kernelspec_listed() {
	local out
	out=$(JUPYTER_PATH=$prefix/share/jupyter "$python" -m jupyter kernelspec list --json) || return 1
	echo "$out" | "$python" -c '
import json, sys
specs = json.load(sys.stdin)["kernelspecs"]
want = sys.argv[1] + "/share/jupyter/kernels/gonote"
assert specs["gonote"]["resource_dir"] == want, specs.get("gonote")
' "$prefix"
}

binary_runs_version() {
	local out
	out=$("$prefix/bin/gonote" version) || return 1
	echo "$out"
	grep -q '^Go 1\.' <<<"$out" && grep -q 'OpenBLAS' <<<"$out"
}

mnist_present() {
	local f
	for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz \
		t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
		gzip -t "$prefix/lib/gonote/data/$f" || return 1
	done
}

notebooks_copied() {
	local n want=0 nb
	for nb in "$repo"/notebooks/*.ipynb; do
		[[ -f $nb ]] || continue
		want=$((want + 1))
		cmp "$nb" "$prefix/share/gonote/notebooks/$(basename "$nb")" || return 1
	done
	n=$(find "$prefix/share/gonote/notebooks" -name '*.ipynb' | wc -l)
	echo "$n notebook(s)"
	[[ $n -eq $want && $n -gt 0 ]]
}

extension_installed() {
	[[ -f $prefix/share/jupyter/nbextensions/gonote/main.js ]] &&
		[[ -f $prefix/share/jupyter/kernels/gonote/kernel.js ]] &&
		grep -q '"gonote/main": *true' "$prefix/etc/jupyter/nbconfig/notebook.d/gonote.json"
}

# The kernel starts from the installed kernelspec, answers an execute and
# loads MNIST from the prefix with the module cache out of reach.
kernel_executes() {
	JUPYTER_PATH=$prefix/share/jupyter GOMODCACHE=$prefix/no-module-cache GONOTE_MNIST= \
		timeout 300 "$python" - <<'EOF'
import queue
from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name="gonote", startup_timeout=120)
try:
    def run(code):
        reply = kc.execute_interactive(code, timeout=180, output_hook=outputs.append)
        assert reply["content"]["status"] == "ok", reply["content"]
        return "".join(m["content"].get("text", "") for m in outputs
                       if m["msg_type"] == "stream")

    outputs = []
    text = run('import "fmt"\nfmt.Println(6 * 7)')
    assert text.strip() == "42", repr(text)

    outputs = []
    text = run('import "github.com/gonote/gonote/cnn/datasets/mnist"\n'
               'x, y, _, _, err := mnist.LoadData()\n'
               'fmt.Println(x.Shape(), len(y), err)')
    assert text.strip() == "[60000 28 28] 60000 <nil>", repr(text)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    del kc, km  # before the interpreter tears logging down
EOF
}

binder_matches_docker() {
	cmp "$repo/docker/Dockerfile" "$repo/binder/Dockerfile"
}

dockerfile_shape() {
	local f=$repo/docker/Dockerfile
	grep -q '^FROM \${BASE_IMAGE}' "$f" &&
		grep -q '^ARG BASE_IMAGE=quay.io/jupyter/' "$f" &&
		grep -q 'docker/build.sh "\${CONDA_DIR}"' "$f" &&
		grep -q 'libopenblas-dev' "$f" &&
		[[ $(grep '^USER' "$f" | tail -n 1) == 'USER ${NB_UID}' ]] &&
		bash -n "$repo/docker/build.sh"
}

check "docker/build.sh builds and installs into a prefix" build
if [[ $failed -gt 0 ]]; then
	echo "$passed passed, $failed failed"
	exit 1
fi
check "kernel.json argv points at the built binary" argv_points_at_binary
check "jupyter kernelspec list sees gonote with JUPYTER_PATH" kernelspec_listed
check "the binary runs version and uses OpenBLAS" binary_runs_version
check "MNIST files are next to the binary" mnist_present
check "notebooks are copied" notebooks_copied
check "notebook extension and kernel.js are installed" extension_installed
check "a kernel from the kernelspec executes and loads MNIST offline" kernel_executes
check "binder/Dockerfile is docker/Dockerfile" binder_matches_docker
check "Dockerfile: docker-stacks base, build.sh, OpenBLAS, NB_UID" dockerfile_shape

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
