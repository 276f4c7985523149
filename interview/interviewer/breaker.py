"""The circuit breaker between a session and a hung or unreachable LLM server.

A server that does not answer costs the candidate the whole cut-off (about 10 s) on
every call.  After one such failure the breaker opens: the offline interviewer answers
at once for RETRY_AFTER_S, and the model is tried again after that, or as soon as the
LLM settings change (a new model or URL deserves its own chance).  The app holds one
breaker for the whole session, so a new screen does not pay the cut-off again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from interview.config import LLMSettings

RETRY_AFTER_S = 180.0


class Breaker:
    """Open (skip the model) from a failure until RETRY_AFTER_S later or a settings change."""

    def __init__(self, retry_after_s: float = RETRY_AFTER_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.retry_after_s = retry_after_s
        self._clock = clock
        self._open_until = 0.0
        self._tripped_for: LLMSettings | None = None

    def is_open(self, settings: LLMSettings) -> bool:
        return settings == self._tripped_for and self._clock() < self._open_until

    def trip(self, settings: LLMSettings) -> None:
        self._tripped_for = settings.model_copy()
        self._open_until = self._clock() + self.retry_after_s

    def notice(self, cause: str) -> str:
        """The one line the candidate sees when the breaker opens."""
        minutes = self.retry_after_s / 60
        when = f"{minutes:g} min" if minutes >= 1 else f"{self.retry_after_s:g} s"
        return (f"The LLM interviewer {cause}; the offline interviewer carries on, and the model is tried "
                f"again in {when} or when the LLM settings change.")
