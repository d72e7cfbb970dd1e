"""Shutdown and restart of the real gonote binary through Jupyter's own
KernelManager: the kernel answers shutdown_request and exits by itself with
status 0 (the manager does not have to kill it), and a restarted kernel is
a fresh session.
"""

import tempfile
import time
import unittest

from jupyter_client.manager import start_new_kernel


class LifecycleTests(unittest.TestCase):
    def run_cell(self, kc, code):
        return kc.execute_interactive(
            code, timeout=60, allow_stdin=False, output_hook=lambda msg: None
        )["content"]

    def test_restart_then_shutdown(self):
        km, kc = start_new_kernel(kernel_name="gonote", startup_timeout=60)
        try:
            self.assertEqual(self.run_cell(kc, "x := 1")["status"], "ok")

            first = km.provisioner.process
            km.restart_kernel(now=False)
            self.assertEqual(first.wait(timeout=10), 0, "kernel did not exit cleanly on restart")

            kc.wait_for_ready(timeout=60)
            reply = self.run_cell(kc, "x")
            self.assertEqual(reply["status"], "error", "x survived a restart")
            self.assertIn("undefined: x", reply["evalue"])

            second = km.provisioner.process
            km.shutdown_kernel(now=False)
            self.assertEqual(second.wait(timeout=10), 0, "kernel did not exit cleanly on shutdown")
        finally:
            kc.stop_channels()
            if km.is_alive():
                km.shutdown_kernel(now=True)


    def test_fatal_error_ends_the_kernel(self):
        """Unbounded recursion is a fatal error in Go: the kernel must exit and
        say why, not hang while writing its crash report into its own pipe."""
        with tempfile.TemporaryFile() as err:
            km, kc = start_new_kernel(kernel_name="gonote", startup_timeout=60, stderr=err)
            try:
                kc.execute("func deep(n int) int { return deep(n+1) + 1 }\ndeep(0)")
                deadline = time.monotonic() + 60
                while km.is_alive() and time.monotonic() < deadline:
                    time.sleep(0.2)
                self.assertFalse(km.is_alive(), "the kernel hangs after a stack overflow")
                self.assertNotEqual(km.provisioner.process.returncode, 0)
                err.seek(0)
                # The runtime's report reaches the kernel's log (the server
                # console); its first lines go only to the captured fd 2.
                self.assertTrue(b"runtime.morestack" in err.read(),
                                "no stack overflow report in the kernel's stderr")
            finally:
                kc.stop_channels()
                if km.is_alive():
                    km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()
