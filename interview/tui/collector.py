"""Full garbage collections wait for a pause in typing.

After the warm-up freezes what start-up read (`AppService.warm_up`), CPython's
cyclic collector still walks every container created since — tens of thousands
once a mock or an editor is open — in one full collection whenever its oldest
generation is due, holding the GIL for 10-30 ms, a few times a minute while
typing.  So automatic full collections are switched off after the warm-up, and
the app runs one itself once typing has paused for PAUSE_S, when as many young
collections have run as CPython would have waited for.  Young collections
(a fraction of a millisecond) are left as they are; a user who never pauses
still gets a full collection every OVERDUE_AFTER, so memory stays bounded.
"""

from __future__ import annotations

import gc
import time

PAUSE_S = 1.0
DUE_AFTER = 10  # middle-generation collections between two full ones: CPython's default
OVERDUE_AFTER = 2000  # ~2,500 keys without a 1 s pause: memory now matters more than one stall
_NEVER = 1_000_000  # a full-collection threshold never reached by counting


class PausedCollector:
    """Owned by the app: told of every key, asked every PAUSE_S whether to collect now."""

    def __init__(self) -> None:
        self.last_key = 0.0
        self._thresholds: tuple[int, int, int] | None = None

    def start(self) -> None:
        if self._thresholds is None:
            self._thresholds = young, middle, _ = gc.get_threshold()
            gc.set_threshold(young, middle, _NEVER)

    def stop(self) -> None:
        """Automatic full collections again (the app is closing; tests run many apps in one process)."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def key_pressed(self) -> None:
        self.last_key = time.monotonic()

    def tick(self) -> bool:
        """Collect if a full collection is due and typing has paused (or it is long overdue)."""
        pending = gc.get_count()[2]
        paused = time.monotonic() - self.last_key >= PAUSE_S
        if pending >= OVERDUE_AFTER or (pending >= DUE_AFTER and paused):
            gc.collect()
            return True
        return False
