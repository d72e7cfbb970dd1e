"""The gonote.format comm of the real binary, as nbext/gonote/main.js uses it."""

import unittest
import uuid

from jupyter_client.manager import start_new_kernel


class FormatCommTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="gonote", startup_timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def send(self, msg_type, content):
        msg = self.kc.session.msg(msg_type, content)
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def answer(self, msg_id):
        """Returns the comm_msg the kernel publishes in answer to msg_id."""
        while True:
            msg = self.kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "comm_msg":
                return msg["content"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                self.fail("no comm_msg in answer")

    def test_format(self):
        comm_id = uuid.uuid4().hex
        self.send("comm_open", {"comm_id": comm_id, "target_name": "gonote.format", "data": {}})
        msg_id = self.send("comm_info_request", {"target_name": "gonote.format"})
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertIn(comm_id, reply["content"]["comms"])

        msg_id = self.send("comm_msg", {"comm_id": comm_id, "data": {"code": "x:=1", "id": 7}})
        answer = self.answer(msg_id)
        self.assertEqual(answer["comm_id"], comm_id)
        self.assertEqual(answer["data"]["status"], "ok", answer)
        self.assertEqual(answer["data"]["code"], "x := 1")
        self.assertEqual(answer["data"]["id"], 7)

        msg_id = self.send("comm_msg", {"comm_id": comm_id, "data": {"code": "x := )", "id": 8}})
        answer = self.answer(msg_id)
        self.assertEqual(answer["data"]["status"], "error")
        self.assertRegex(answer["data"]["error"], r"^\d+:\d+: ")

        self.send("comm_close", {"comm_id": comm_id, "data": {}})
        self.send("comm_info_request", {})
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertNotIn(comm_id, reply["content"]["comms"])


if __name__ == "__main__":
    unittest.main()
