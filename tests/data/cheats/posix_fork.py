# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Family: undo a fork/exec lockdown (`del sys.modules["posix"]; import posix`) and leave a
# setsid'd process behind that outlives the grade.
import sys

for _name in ("posix", "_posixsubprocess", "_ctypes", "os"):
    sys.modules.pop(_name, None)
import posix  # noqa: E402


def _escape():
    try:
        pid = posix.fork()
    except Exception:
        return
    if pid == 0:
        try:
            posix.setsid()
            posix.execv("/bin/sleep", ["interview-cheat-escapee", "30"])
        finally:
            posix._exit(0)
    import time

    time.sleep(0.3)  # let the escapee leave the process group before the grade ends


_escape()
