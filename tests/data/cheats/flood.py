# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Family: flood every descriptor (the result channel too) with 9 MB, then hang.
import os

_CHUNK = b'{"t":"test","i":0,"v":"passed"}' + b" " * 65000 + b"\n"
for _fd in range(1, 64):
    _sent = 0
    try:
        while _sent < 9 * 2**20:
            _sent += os.write(_fd, _CHUNK)
    except OSError:
        pass
while True:
    pass
