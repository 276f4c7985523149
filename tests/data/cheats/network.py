# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Own: reach the network (a listener the test runs on 127.0.0.1:PORT_NUMBER).
import socket

try:
    with socket.create_connection(("127.0.0.1", PORT_NUMBER), timeout=1) as _conn:
        _conn.sendall(b"exfiltrated")
except OSError:
    pass
