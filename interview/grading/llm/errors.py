"""Why LLM feedback could not be given; the offline score always stands."""

from __future__ import annotations

from typing import Literal

Reason = Literal["off", "no_key", "auth", "cap", "transient", "malformed", "refusal", "not_worth"]


class LLMUnavailable(Exception):
    """LLM feedback is not available for this answer; the message says why and what to do.

    `disable_session` is set when retrying cannot help (a bad key, no permission):
    the UI turns LLM feedback off until the app restarts.
    """

    def __init__(self, reason: Reason, message: str, disable_session: bool = False) -> None:
        super().__init__(message)
        self.reason = reason
        self.disable_session = disable_session
