# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
# Family: replace time.perf_counter (and friends) so every timing looks tiny and linear.
import time

_ticks = [0.0]


def _fake():
    _ticks[0] += 1e-5
    return _ticks[0]


time.perf_counter = time.monotonic = time.time = time.process_time = _fake
time.perf_counter_ns = time.monotonic_ns = lambda: int(_fake() * 1e9)
