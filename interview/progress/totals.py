"""The history's running totals: everything the summary reads, kept as attempts are added.

The store keeps one `HistoryTotals` beside the attempts (`totals.json`) and adds
each new attempt to it, so Home and the summary read a few kilobytes instead of
every attempt's row.  Per category it holds the mastery sums (see
`mastery.Totals`), each question's attempt count and last time (what the FSRS
card cache is checked against), attempts per UTC day, and the last scores.
Adding rows oldest first gives exactly what `from_rows` gives over all of them,
so a kept total and a rebuilt one never differ; the store rebuilds it whenever
it cannot vouch for the saved one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from interview.progress.mastery import MODEL_VERSION, Model, Totals

if TYPE_CHECKING:
    from interview.progress.models import Row

RECENT_SCORES = 30  # the sparkline's length
FORMAT = [1, *MODEL_VERSION]  # saved totals of another format (or model) are rebuilt


class HistoryTotals:
    """Per category: {"questions": {id: [attempts, last at]}, "days": {UTC day: attempts},
    "recent": [[sequence number, score], …]}, beside the mastery sums."""

    def __init__(self, mastery: Totals | None = None, categories: dict[str, dict[str, Any]] | None = None
                 ) -> None:
        self.mastery = mastery or Totals()
        self.categories: dict[str, dict[str, Any]] = categories if categories is not None else {}

    @classmethod
    def from_rows(cls, rows: Iterable[Row]) -> HistoryTotals:
        totals = cls()
        for row in rows:
            totals.add(row)
        return totals

    def add(self, row: Row) -> None:
        """Count one more attempt; a ValueError when it is older than the last one counted."""
        seq = self.mastery.count
        self.mastery.add(row)
        tally = self.categories.get(row["c"])
        if tally is None:
            tally = self.categories[row["c"]] = {"questions": {}, "days": {}, "recent": []}
        question = tally["questions"].get(row["q"])
        tally["questions"][row["q"]] = [question[0] + 1 if question else 1, row["at"]]
        day = str(int(row["at"] // 86400))
        tally["days"][day] = tally["days"].get(day, 0) + 1
        recent = tally["recent"]
        recent.append([seq, row["s"]])
        if len(recent) > RECENT_SCORES:
            del recent[0]

    def _chosen(self, category: str | None) -> list[dict[str, Any]]:
        return [t for c, t in self.categories.items() if category is None or c == category]

    @property
    def last_at(self) -> float | None:
        return self.mastery.last_at

    def count(self, category: str | None = None) -> int:
        return sum(n for t in self._chosen(category) for n, _ in t["questions"].values())

    def model(self, now_ts: float, category: str | None = None) -> Model:
        return self.mastery.model(now_ts, category)

    def questions(self, category: str | None = None) -> dict[str, tuple[int, float, str]]:
        """Each attempted question: (attempts, last attempt's time, that attempt's category)."""
        merged: dict[str, tuple[int, float, str]] = {}
        for cat, tally in self.categories.items():
            if category is not None and cat != category:
                continue
            for question_id, (n, at) in tally["questions"].items():
                seen = merged.get(question_id)
                if seen is None:
                    merged[question_id] = (n, at, cat)
                else:
                    merged[question_id] = (seen[0] + n, *max((seen[1], seen[2]), (at, cat)))
        return merged

    def days(self, category: str | None = None) -> dict[int, int]:
        """Attempts per UTC day (days since the epoch)."""
        counts: dict[int, int] = {}
        for tally in self._chosen(category):
            for day, n in tally["days"].items():
                counts[int(day)] = counts.get(int(day), 0) + n
        return counts

    def recent(self, category: str | None = None) -> list[float]:
        """The last scores, oldest first."""
        kept = sorted(p for t in self._chosen(category) for p in t["recent"])
        return [score for _, score in kept[-RECENT_SCORES:]]

    def to_json(self) -> dict[str, Any]:
        return {"mastery": self.mastery.to_json(), "categories": self.categories}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HistoryTotals:
        """Totals as `to_json` wrote them; KeyError, TypeError or ValueError on any other shape."""
        categories = data["categories"]
        parts = {"questions", "days", "recent"}
        if not isinstance(categories, dict) or not all(
                isinstance(t, dict) and parts <= t.keys() for t in categories.values()):
            raise TypeError("totals of the wrong shape")
        return cls(Totals.from_json(data["mastery"]), categories)
