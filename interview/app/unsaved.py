"""Answers the history could not keep (another window holds it), copied to a file instead."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from interview.atomic import atomic_write

if TYPE_CHECKING:
    from interview.bank.models import AnyQuestion
    from interview.grading.models import GradeResult
    from interview.paths import Paths


def write_answer_copy(paths: Paths, question: AnyQuestion, answer: str, result: GradeResult,
                      when: datetime) -> Path:
    """A Markdown file under `<home>/unsaved/` with the question, the answer and its score."""
    folder = paths.home / "unsaved"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = when.strftime("%Y%m%dT%H%M%S")
    path = folder / f"{question.id}-{stamp}.md"
    fence = "```python" if question.category == "coding" else "```text"
    atomic_write(path, f"# {question.title}\n\n"
                       f"Question `{question.id}` · answered {when.isoformat(timespec='seconds')} · "
                       f"scored {result.score:.0f}/100 (not saved in the history)\n\n"
                       f"{fence}\n{answer.rstrip()}\n```\n")
    return path
