# Sourced by gonote's scripts: finds the Python and Jupyter that have the Jupyter stack.
# Debian's packages install under /usr/bin; a pip install puts `jupyter` on PATH.
# Sets PYTHON and JUPYTER, and quiets a harmless debugpy warning.

gonote_find_python() {
	local candidate
	for candidate in "${GONOTE_PYTHON:-}" /usr/bin/python3 "$(command -v python3 || true)"; do
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
export PYTHON JUPYTER
export PYDEVD_DISABLE_FILE_VALIDATION=1
