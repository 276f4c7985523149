"""A local cache of feedback and a per-day spending ledger, both in the user's data folder.

The cache answers an identical request (same question version, answer, provider,
model and prompt version) without a second paid call.  The ledger adds up the
estimated cost per day so the daily cap in settings can be enforced.  Neither
ever holds the API key.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import date
from pathlib import Path

from interview.atomic import atomic_write
from interview.grading.models import LLMFeedback


def _write_atomic(path: Path, text: str) -> None:
    """Best effort (both files are conveniences): a full or read-only disk skips them, leaving no tmp."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)


class FeedbackCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def key(*parts: object) -> str:
        return hashlib.sha256(json.dumps([str(p) for p in parts]).encode()).hexdigest()

    def get(self, key: str) -> LLMFeedback | None:
        try:
            data = json.loads((self.folder / f"{key}.json").read_bytes())
            return LLMFeedback.model_validate(data)
        except (OSError, ValueError, RecursionError):  # a damaged entry is a miss, re-asked and rewritten
            return None

    def put(self, key: str, feedback: LLMFeedback) -> None:
        _write_atomic(self.folder / f"{key}.json", feedback.model_dump_json())


class SpendLedger:
    """Estimated spend per calendar day (local time), as {"YYYY-MM-DD": dollars}."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, float]:
        try:
            data = json.loads(self.path.read_bytes())
            return {str(k): float(v) for k, v in data.items() if isinstance(v, int | float)}
        except (OSError, ValueError, AttributeError, TypeError, RecursionError):
            return {}  # a damaged ledger forgets today's spend rather than stopping feedback

    def spent(self, day: date) -> float:
        return self._read().get(day.isoformat(), 0.0)

    def add(self, day: date, cost: float) -> None:
        data = self._read()
        data[day.isoformat()] = round(data.get(day.isoformat(), 0.0) + cost, 6)
        _write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True))
