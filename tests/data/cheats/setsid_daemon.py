# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Family: a double-forked, setsid'd daemon through subprocess (re-parented to PID 1 or a reaper).
import subprocess

try:
    subprocess.Popen(["interview-cheat-escapee", "30"], executable="/bin/sleep",
                     start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
except Exception:
    pass
