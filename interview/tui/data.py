"""Display helpers the screens share; the data itself comes from the application service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview.tui.app import InterviewApp


def topic_labels(topics: Sequence[str]) -> str:
    """Topics as people read them ("Data leakage"), not as ids ("data_leakage")."""
    from interview.bank.vocabulary import builtin_vocabulary

    vocabulary = builtin_vocabulary()
    return ", ".join(vocabulary.topic_label(t) for t in topics)


def best_scores(app: InterviewApp) -> dict[str, float]:
    """Each question's best score (blocking: call it from a thread worker, as Browse does)."""
    return app.service.best_scores()
