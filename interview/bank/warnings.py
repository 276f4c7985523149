"""What `bank validate` warns about without failing: things that load but do less than they could."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

from interview.bank.loader import LoadProblem, _line_of
from interview.bank.models import AnyQuestion
from interview.words import plural


def follow_up_warnings(questions: Iterable[AnyQuestion]) -> list[LoadProblem]:
    """One line per question whose follow-ups include plain strings: shown, but never scored."""
    out = []
    for question in questions:
        plain = [f for f in question.follow_ups if not f.scored]
        if not plain:
            continue
        line = 1
        if question.source:
            with contextlib.suppress(OSError):
                line = _line_of(Path(question.source).read_text("utf-8"), ("follow_ups",))
        out.append(LoadProblem(
            question.source or question.id, line, "follow_ups",
            f"{plural(len(plain), 'follow-up')} without key points (asked, never scored); write each as a "
            "[[follow_ups]] table with `probes` and `key_points` (see docs/question-format.md)"))
    return sorted(out)
