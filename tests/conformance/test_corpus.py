"""The session's cell corpus (kernel/session/testdata/cells/*.txtar), run
through the real gonote binary with Jupyter's client: what `go test` checks
against the session in-process must hold over the wire too. Each file runs in
a kernel of its own; each cell's stdout, value (execute_result text/plain)
and error ("ename: evalue") are compared as in corpus_test.go.
"""

import glob
import os
import unittest

from jupyter_client.manager import start_new_kernel

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "..", "..", "kernel", "session", "testdata", "cells")


def parse_txtar(path):
    """Returns the cells of a corpus file: dicts with code and the sections after it."""
    cells, name, lines = [], None, []

    def flush():
        if name is None:
            return
        text = "\n".join(lines).rstrip("\n")
        if name == "cell":
            cells.append({"code": text})
        else:
            cells[-1][name] = text

    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.startswith("-- ") and line.endswith(" --"):
                flush()
                name, lines = line[3:-3], []
            else:
                lines.append(line)
    flush()
    return cells


class CorpusTests(unittest.TestCase):
    def run_file(self, path):
        km, kc = start_new_kernel(kernel_name="gonote", startup_timeout=60)
        try:
            for i, cell in enumerate(parse_txtar(path), 1):
                with self.subTest(cell=i, code=cell["code"][:60]):
                    self.check_cell(kc, cell)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)

    def check_cell(self, kc, cell):
        msgs = []
        reply = kc.execute_interactive(cell["code"], timeout=60, allow_stdin=False,
                                       output_hook=msgs.append)["content"]
        stdout = "".join(m["content"]["text"] for m in msgs
                         if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
        stderr = "".join(m["content"]["text"] for m in msgs
                         if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
        values = [m["content"]["data"].get("text/plain") for m in msgs
                  if m["msg_type"] == "execute_result"]
        if "error" in cell:
            self.assertEqual(reply["status"], "error")
            self.assertIn(cell["error"], reply["ename"] + ": " + reply["evalue"])
        else:
            self.assertEqual(reply["status"], "ok", reply.get("evalue"))
        if "value" in cell:
            self.assertEqual(values, [cell["value"]])
        else:
            self.assertEqual(values, [])
        if "stdout" in cell:
            self.assertEqual(stdout.strip(), cell["stdout"].strip())
        if "stderr" in cell:
            self.assertIn(cell["stderr"], stderr)


def add_tests():
    for path in sorted(glob.glob(os.path.join(CORPUS, "*.txtar"))):
        name = os.path.basename(path)[: -len(".txtar")]
        setattr(CorpusTests, "test_" + name, lambda self, p=path: self.run_file(p))


add_tests()

if __name__ == "__main__":
    unittest.main()
