# Sourced by gonote's scripts: finds the Python and Jupyter that have the Jupyter stack.
# Debian's packages install under /usr/bin; a pip install puts `jupyter` on PATH, or,
# where the system Python refuses pip (PEP 668), setup.sh makes the venv build/venv.
# Sets PYTHON and JUPYTER, and quiets a harmless debugpy warning.

GONOTE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GONOTE_VENV="$GONOTE_ROOT/build/venv"

gonote_find_python() {
	local candidate
	for candidate in "${GONOTE_PYTHON:-}" /usr/bin/python3 "$(command -v python3 || true)" \
		"$GONOTE_VENV/bin/python"; do
		[ -n "$candidate" ] && [ -x "$candidate" ] || continue
		if "$candidate" -c 'import nbconvert, nbclient, jupyter_client' 2>/dev/null; then
			echo "$candidate"
			return 0
		fi
	done
	return 1
}

PYTHON=$(gonote_find_python || echo /usr/bin/python3)
JUPYTER="$PYTHON -m jupyter"
export PYTHON JUPYTER GONOTE_ROOT GONOTE_VENV
export PYDEVD_DISABLE_FILE_VALIDATION=1
