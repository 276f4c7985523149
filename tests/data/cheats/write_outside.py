# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Own: write outside the temporary folder (the marker path is substituted by the test).

for _path in ("MARKER_PATH", "/tmp/interview-cheat-marker", "/dev/shm/interview-cheat-marker"):
    try:
        with open(_path, "w") as _handle:
            _handle.write("escaped")
    except OSError:
        pass
