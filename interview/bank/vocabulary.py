"""The topic and dimension vocabulary (`question_bank/vocabulary.toml`)."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from interview.paths import builtin_bank_dir


@dataclass(frozen=True)
class Vocabulary:
    topics: dict[str, str]
    dimensions: dict[str, str]

    @classmethod
    def from_file(cls, path: Path) -> Vocabulary:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        return cls(topics=dict(data["topics"]), dimensions=dict(data["dimensions"]))

    def check(self, kind: str, values: tuple[str, ...]) -> None:
        """Raise ValueError naming the first unknown id, with the closest known one."""
        known = self.topics if kind == "topic" else self.dimensions
        for value in values:
            if value not in known:
                close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "see docs/question-format.md"
                raise ValueError(f"unknown {kind} '{value}'; {hint}")

    def topic_label(self, topic: str) -> str:
        """The short label of a topic ("Bias–variance trade-off")."""
        return self.topics.get(topic, topic).split(" — ")[0]

    def dimension_label(self, dimension: str) -> str:
        return dimension.replace("_", " ").capitalize()


@cache
def builtin_vocabulary() -> Vocabulary:
    return Vocabulary.from_file(builtin_bank_dir() / "vocabulary.toml")
