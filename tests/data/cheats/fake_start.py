# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Family: keep writing fake start/progress lines to push the deadline back, forever.
import os
import time

while True:
    for _fd in range(1, 64):
        try:
            os.write(_fd, b'{"t":"start"}\n{"t":"loaded"}\n{"t":"alive"}\n')
        except OSError:
            pass
    time.sleep(0.2)
