"""What the application service answers with: typed views, never the store's rows.

Screens and commands read these; the storage layout (segment files, compact
rows with one-letter keys) stays behind the service and can change freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview.bank.models import AnyQuestion
    from interview.progress.summary import AreaStat


@dataclass(frozen=True)
class Pick:
    """A question to practise and why it was chosen ("review due today", "Recall is weak")."""

    question: AnyQuestion
    reason: str


@dataclass(frozen=True)
class AttemptRow:
    """One past answer as History lists it (the answer body is not read)."""

    id: str
    question_id: str
    title: str
    category: str
    mode: str
    score: float
    when: datetime
    seconds: float
    hints: int


@dataclass(frozen=True)
class UnfinishedMock:
    """A mock to offer back on Home; `answered` means only the grading is left."""

    id: str
    name: str
    answered: bool


@dataclass(frozen=True)
class HomeView:
    """Everything Home shows, computed in one pass on the store's thread."""

    picks: list[Pick] = field(default_factory=list)
    due: int = 0
    weakest: list[AreaStat] = field(default_factory=list)
    streak: int = 0
    recent: list[float] = field(default_factory=list)
    attempts: int = 0
    unfinished_mocks: list[UnfinishedMock] = field(default_factory=list)
    drafts: list[AnyQuestion] = field(default_factory=list)  # unsubmitted answers, newest first
    notices: list[str] = field(default_factory=list)  # one line each: saved data that could not be shown


@dataclass(frozen=True)
class OpenReport:
    """How opening the history went: what to tell the user once the first screen is up."""

    available: bool
    read_only: bool = False
    notices: list[str] = field(default_factory=list)
    error: str | None = None
