"""Start-up and round-trip times of gonote next to ipykernel, in one run.

    JUPYTER_PATH=PREFIX/share/jupyter /usr/bin/python3 bench/kernel_startup.py [N]

For each kernel, N times: start the kernel process and time until the first
kernel_info_reply; then time M trivial execute_requests ("1+1") from send to
the idle status on iopub. Prints the medians. Client sockets retry their
connection every 5 ms (not ZeroMQ's default 100 ms) so the figures measure
the kernels, not the client's back-off.
"""

import queue
import statistics
import sys
import time

import zmq
from jupyter_client.manager import KernelManager

KERNELS = ["python3", "gonote"]
M = 30


def start_time(km):
    """Seconds from process start to the first kernel_info_reply."""
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.context.setsockopt(zmq.RECONNECT_IVL, 5)
    kc.start_channels()
    while True:
        msg_id = kc.kernel_info()
        try:
            while True:
                reply = kc.get_shell_msg(timeout=0.05)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return time.perf_counter() - t0, kc
        except queue.Empty:  # ask again, as jupyter_client does
            if time.perf_counter() - t0 > 60:
                raise RuntimeError("kernel did not answer within 60 s")


def wait_idle(kc, msg_id):
    while True:
        msg = kc.get_iopub_msg(timeout=10)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return


def round_trips(kc):
    kc.execute_interactive("1+1", timeout=30, output_hook=lambda m: None)  # warm-up
    times = []
    for _ in range(M):
        t0 = time.perf_counter()
        msg_id = kc.execute("1+1")
        wait_idle(kc, msg_id)
        times.append(time.perf_counter() - t0)
        kc.get_shell_msg(timeout=10)
    return times


def drain(kc):
    """Drop the iopub messages of start-up."""
    while True:
        try:
            kc.get_iopub_msg(timeout=0.2)
        except queue.Empty:
            return


def measure(name, n):
    starts, trips = [], []
    for _ in range(n):
        km = KernelManager(kernel_name=name)
        s, kc = start_time(km)
        starts.append(s)
        drain(kc)
        trips.extend(round_trips(kc))
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return statistics.median(starts), statistics.median(trips)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rows = [(name, *measure(name, n)) for name in KERNELS]
    print(f"\nmedians over {n} starts and {n}x{M} executes")
    print(f"{'kernel':<10} {'start→kernel_info_reply':>24} {'execute round trip':>20}")
    for name, s, rt in rows:
        print(f"{name:<10} {s * 1000:>21.1f} ms {rt * 1000:>17.2f} ms")
    py, go = rows[0], rows[1]
    print(f"gonote/ipykernel: start {go[1] / py[1]:.2f}x, round trip {go[2] / py[2]:.2f}x")


if __name__ == "__main__":
    main()
