# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Own: close or redirect every inherited descriptor so no result arrives at all.
import os

for _fd in range(0, 64):
    try:
        os.close(_fd)
    except OSError:
        pass
