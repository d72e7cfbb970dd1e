"""Checks an executed gonote notebook: no error outputs, and what the notebook promises.

    check_notebook.py EXECUTED.ipynb [--epochs N] [--min-accuracy A] [--mime TYPE ...]
                      [--checks FILE]

--mime TYPE asks that some cell's outputs hold TYPE (image/png, text/html, ...).
--checks FILE reads more checks, one a line ('#' starts a comment):
    mime: TYPE                    some cell's outputs hold TYPE
    cell-mime: SOURCE => TYPE     the cell whose source contains SOURCE has an output of TYPE
    cell-text: SOURCE => TEXT     that cell's text outputs contain TEXT
Prints one line per check and a closing 'N passed, N failed' line; exits 1 on any failure.
"""
import argparse
import re
import sys

import nbformat


def outputs(nb):
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                yield index, out


def text_of(out):
    if out.get("output_type") == "stream":
        return out.get("text", "")
    data = out.get("data", {})
    return data.get("text/plain", "") if isinstance(data.get("text/plain", ""), str) else ""


def read_checks(path):
    """Yields (kind, argument) for each check line of a checks file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                kind, _, arg = line.partition(":")
                yield kind.strip(), arg.strip()


def cell_outputs(nb, source):
    """The outputs of the first code cell whose source contains source, or None."""
    for cell in nb.cells:
        if cell.cell_type == "code" and source in cell.source:
            return cell.get("outputs", [])
    return None


def cell_check(nb, kind, arg, check):
    if kind == "mime":
        check("an output holds " + arg, any(arg in o.get("data", {}) for _, o in outputs(nb)))
        return
    source, _, want = (part.strip() for part in arg.partition("=>"))
    outs = cell_outputs(nb, source)
    if outs is None:
        check("a cell contains %r" % source, False)
    elif kind == "cell-mime":
        check("cell %r shows %s" % (source, want), any(want in o.get("data", {}) for o in outs),
              "outputs: %s" % [sorted(o.get("data", {})) or o.get("name") for o in outs])
    elif kind == "cell-text":
        got = "".join(text_of(o) for o in outs)
        check("cell %r prints %r" % (source, want), want in got, "got %r" % got[:300])
    else:
        check("known check kind %r" % kind, False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("--epochs", type=int)
    ap.add_argument("--min-accuracy", type=float)
    ap.add_argument("--mime", action="append", default=[])
    ap.add_argument("--checks")
    args = ap.parse_args()
    nb = nbformat.read(args.notebook, as_version=4)
    results = []

    def check(name, ok, detail=""):
        results.append(ok)
        print(("PASS " if ok else "FAIL ") + name + (": " + detail if detail else ""))

    errors = [(i, o) for i, o in outputs(nb) if o.get("output_type") == "error"]
    stderr = [(i, o) for i, o in outputs(nb)
              if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    check("no error outputs", not errors,
          "; ".join("cell %d: %s: %s" % (i, o.get("ename"), o.get("evalue")) for i, o in errors))
    check("no stderr output", not stderr,
          "; ".join("cell %d: %s" % (i, o.get("text", "")[:200]) for i, o in stderr))

    text = "\n".join(text_of(o) for _, o in outputs(nb))
    if args.epochs is not None:
        m = re.search(r"Épocas treinadas: (\d+)", text)
        got = int(m.group(1)) if m else None
        check("%d epochs in the history" % args.epochs, got == args.epochs, "found %s" % got)
    if args.min_accuracy is not None:
        m = re.search(r"Test accuracy: ([0-9.]+)", text)
        acc = float(m.group(1)) if m else None
        check("Test accuracy >= %.3f" % args.min_accuracy,
              acc is not None and acc >= args.min_accuracy, "found %s" % acc)
    for mime in args.mime:
        found = any(mime in o.get("data", {}) for _, o in outputs(nb))
        check("an output holds " + mime, found)
    if args.checks:
        for kind, arg in read_checks(args.checks):
            cell_check(nb, kind, arg, check)

    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
