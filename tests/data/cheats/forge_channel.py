# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Family: write forged result lines on every open descriptor, then os._exit(0).
import os

_LINES = ['{"t":"start"}', '{"t":"loaded"}']
for _i in range(300):
    _LINES.append('{"t":"test","i":%d,"v":"passed","ms":0.1}' % _i)
    _LINES.append('{"t":"out","i":%d,"ok":true,"v":"passed","value":null}' % _i)
    _LINES.append('{"t":"result","i":%d,"v":"passed","ok":true}' % _i)
_LINES += ['{"t":"tests_done"}', '{"t":"scale","n":[1,2,3],"s":[0.1,0.1,0.1],"note":""}', '{"t":"end"}',
           '{"t":"done"}']
_DATA = ("\n".join(_LINES) + "\n").encode()
for _fd in range(0, 64):
    try:
        os.write(_fd, _DATA)
    except OSError:
        pass
os._exit(0)
