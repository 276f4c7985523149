# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Own: ignore SIGALRM and every catchable signal, then loop forever.
import signal

for _sig in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU, signal.SIGVTALRM):
    try:
        signal.signal(_sig, signal.SIG_IGN)
    except (OSError, ValueError):
        pass


def ENTRY(*args, **kwargs):
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass
