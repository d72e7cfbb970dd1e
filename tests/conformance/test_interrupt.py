"""Interrupting gonote through Jupyter's own client, as the notebook does.

A cell sleeping 30 s and a cell spinning in `for {}` are each interrupted
with an interrupt_request on control and with SIGINT (the kernelspec's
interrupt_mode "signal", what KernelManager.interrupt_kernel sends); each
must end within 1 s, the next cell must run, and heartbeats must be
answered while the cell runs.
"""

import os
import signal
import time
import unittest

from jupyter_client.manager import start_new_kernel

CELLS = {
    "sleep": 'import "time"\ntime.Sleep(30 * time.Second)',
    "spin": "for {\n}",
}


class InterruptTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="gonote", startup_timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def interrupt_control(self):
        msg = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(msg)

    def interrupt_signal(self):
        self.km.interrupt_kernel()

    def interrupt_once(self, code, interrupt):
        """Runs code, interrupts it, and returns how long the reply took."""
        kc = self.kc
        msg_id = kc.execute(code, allow_stdin=False)
        time.sleep(0.5)
        self.assertTrue(self.km.is_alive())
        self.assertTrue(kc.hb_channel.is_beating(), "no heartbeat while the cell runs")
        start = time.monotonic()
        interrupt()
        reply = kc.get_shell_msg(timeout=10)
        took = time.monotonic() - start
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        after = kc.execute_interactive("6 * 7", timeout=10, output_hook=lambda m: None)
        self.assertEqual(after["content"]["status"], "ok")
        self.assertTrue(kc.hb_channel.is_beating())
        return took

    def check(self, code, interrupt):
        # On a machine shared with other heavy jobs one measurement can be
        # delayed by the scheduler; the kernel must make it once in two tries.
        tries = [self.interrupt_once(code, interrupt)]
        if tries[0] >= 1.0:
            tries.append(self.interrupt_once(code, interrupt))
        print(" interrupt took " + ", ".join(f"{t:.2f}s" for t in tries), end=" ")
        self.assertLess(min(tries), 1.0, f"interrupts took {tries}")

    def test_sleep_control(self):
        self.check(CELLS["sleep"], self.interrupt_control)

    def test_sleep_sigint(self):
        self.check(CELLS["sleep"], self.interrupt_signal)

    def test_spin_control(self):
        self.check(CELLS["spin"], self.interrupt_control)

    def test_spin_sigint(self):
        self.check(CELLS["spin"], self.interrupt_signal)

    def test_kernel_survives_raw_sigint_when_idle(self):
        os.kill(self.km.provisioner.pid, signal.SIGINT)
        time.sleep(0.2)
        self.assertTrue(self.km.is_alive())
        reply = self.kc.execute_interactive("1 + 1", timeout=10, output_hook=lambda m: None)
        self.assertEqual(reply["content"]["status"], "ok")


if __name__ == "__main__":
    unittest.main()
