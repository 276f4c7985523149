# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Own: forge the channel for every test index first, then keep running normally (a race, not an exit).
import os

for _fd in range(3, 64):
    for _i in range(200):
        try:
            os.write(_fd, b'{"t":"test","i":%d,"v":"passed"}\n' % _i)
        except OSError:
            break
