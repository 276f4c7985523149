# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Family: signal the app: pidfd_send_signal / kill on the parent and on any process named like the app.
import os
import signal


def _targets():
    pids = {os.getppid()}
    try:
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    if b"interview-cheat-app" in handle.read():
                        pids.add(int(pid))
    except OSError:
        pass
    pids.discard(0)
    pids.discard(1)
    return pids


for _pid in _targets():
    try:
        signal.pidfd_send_signal(os.pidfd_open(_pid), signal.SIGKILL)
    except Exception:
        pass
    try:
        os.kill(_pid, signal.SIGKILL)
    except Exception:
        pass
