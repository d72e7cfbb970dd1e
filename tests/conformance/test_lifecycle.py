"""Shutdown and restart of the real gonote binary through Jupyter's own
KernelManager: the kernel answers shutdown_request and exits by itself with
status 0 (the manager does not have to kill it), and a restarted kernel is
a fresh session.
"""

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


if __name__ == "__main__":
    unittest.main()
