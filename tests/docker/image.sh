#!/usr/bin/env bash
# Builds the Docker image and checks it on a machine with a Docker engine
# (make test runs tests/docker/run.sh instead, which needs none):
# JupyterLab serves the gonote kernelspec, and a kernel started with the
# network off runs Go and loads MNIST.
#
#   bash tests/docker/image.sh [TAG]
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
tag=${1:-gonote:test}
port=${PORT:-18888}
token=gonote-image-test

docker build -f "$repo/docker/Dockerfile" -t "$tag" "$repo"

echo "--- the kernel runs offline"
docker run --rm -i --network none "$tag" python - <<'EOF'
from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name="gonote", startup_timeout=120)
try:
    out = []
    code = ('import (\n\t"fmt"\n\n\t"github.com/gonote/gonote/cnn/datasets/mnist"\n)\n'
            'x, _, _, _, err := mnist.LoadData()\n'
            'fmt.Println(x.Shape(), err)')
    reply = kc.execute_interactive(code, timeout=300, output_hook=out.append)
    assert reply["content"]["status"] == "ok", reply["content"]
    text = "".join(m["content"].get("text", "") for m in out if m["msg_type"] == "stream")
    assert text.strip() == "[60000 28 28] <nil>", repr(text)
    print("ok:", text.strip())
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    del kc, km
EOF

echo "--- JupyterLab serves the kernelspec"
id=$(docker run -d --rm -p "127.0.0.1:$port:8888" "$tag" \
	start-notebook.py --IdentityProvider.token="$token")
trap 'docker stop "$id" >/dev/null' EXIT
for _ in $(seq 60); do
	curl -sf -o /dev/null -H "Authorization: token $token" "http://127.0.0.1:$port/api" && break
	sleep 1
done
specs=$(curl -sf -H "Authorization: token $token" "http://127.0.0.1:$port/api/kernelspecs")
grep -q '"gonote"' <<<"$specs" || { echo "no gonote kernelspec: $specs" >&2; exit 1; }
curl -sf -o /dev/null -H "Authorization: token $token" "http://127.0.0.1:$port/lab"
docker exec "$id" test -f /home/jovyan/taxa_aprendizado.ipynb
echo "image $tag: ok"
