"""Output of the real gonote binary through Jupyter's client: fds 1 and 2 are
captured in order with the cell's prints, large output is coalesced,
UTF-8 is never split, and output of a goroutine that outlives its cell goes
to that (the last) cell.
"""

import time
import unittest

from jupyter_client.manager import start_new_kernel


class OutputTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="gonote", startup_timeout=60)
        reply, _ = cls.run_cell(cls, 'import "fmt"\nimport "os"\nimport "strings"\nimport "time"')
        assert reply["status"] == "ok", reply

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def run_cell(self, code, timeout=60):
        """Runs code; returns the reply content and the cell's iopub messages."""
        msgs = []
        reply = self.kc.execute_interactive(
            code, timeout=timeout, allow_stdin=False, output_hook=msgs.append
        )
        return reply["content"], msgs

    def stdout(self, msgs):
        return "".join(
            m["content"]["text"]
            for m in msgs
            if m["msg_type"] == "stream" and m["content"]["name"] == "stdout"
        )

    def test_order_of_prints_and_fd_writes(self):
        code = (
            'fmt.Println("a")\n'
            'os.Stdout.Write([]byte("b\\n"))\n'
            'fmt.Fprintln(os.Stdout, "c")\n'
            'fmt.Print("d\\n")'
        )
        reply, msgs = self.run_cell(code)
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.stdout(msgs), "a\nb\nc\nd\n")

    def test_many_lines_are_fast_and_coalesced(self):
        code = "for i := 0; i < 200000; i++ {\n\tfmt.Println(i)\n}"
        start = time.monotonic()
        reply, msgs = self.run_cell(code)
        took = time.monotonic() - start
        self.assertEqual(reply["status"], "ok")
        lines = self.stdout(msgs).splitlines()
        self.assertEqual(lines, [str(i) for i in range(200000)])
        self.assertLess(len(msgs), 500, "output is not coalesced")
        print(f"\n200,000 lines: {took:.2f}s in {len(msgs)} messages", end=" ")

    def test_utf8_is_not_split(self):
        reply, msgs = self.run_cell('fmt.Print(strings.Repeat("é世", 100000))')
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.stdout(msgs), "é世" * 100000)

    def test_late_goroutine_output_goes_to_its_cell(self):
        code = 'go func() {\n\ttime.Sleep(300 * time.Millisecond)\n\tfmt.Println("late")\n}()'
        msg_id = self.kc.execute(code)
        self.kc.get_shell_msg(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            msg = self.kc.get_iopub_msg(timeout=5)
            if msg["msg_type"] == "stream" and "late" in msg["content"]["text"]:
                self.assertEqual(msg["parent_header"]["msg_id"], msg_id)
                return
        self.fail("the goroutine's output never arrived")

    def test_stdin_without_allow_stdin_is_eof(self):
        code = 'b := make([]byte, 10)\nn, err := os.Stdin.Read(b)\nfmt.Println(n, err)'
        reply, msgs = self.run_cell(code, timeout=10)
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.stdout(msgs), "0 EOF\n")

    def test_stdin_with_allow_stdin_asks_the_front_end(self):
        prompts = []

        def answer(msg):
            prompts.append(msg["content"])
            self.kc.input(["gopher", "gopher 2"][len(prompts) - 1])

        code = (
            'var word string\n'
            'fmt.Scanln(&word)\n'
            'line, err := bufio.NewReader(os.Stdin).ReadString(\'\\n\')\n'
            'fmt.Printf("%s|%q|%v\\n", word, line, err)'
        )
        self.run_cell('import "bufio"')
        msgs = []
        reply = self.kc.execute_interactive(
            code, timeout=10, allow_stdin=True, stdin_hook=answer, output_hook=msgs.append
        )
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(len(prompts), 2)
        self.assertEqual(self.stdout(msgs), 'gopher|"gopher 2\\n"|<nil>\n')


if __name__ == "__main__":
    unittest.main()
