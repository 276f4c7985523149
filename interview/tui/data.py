"""View models: the one place that turns core results (store, summary) into rows to show.

Screens read these small dataclasses instead of the progress API, so a change
in the core touches this module only.  With no store (history unavailable)
every function still answers, with empty history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interview.bank.models import AnyQuestion
    from interview.grading.models import GradeResult
    from interview.tui.app import InterviewApp


@dataclass(frozen=True)
class TopicRow:
    topic: str
    label: str
    category: str
    mastery: float
    uncertainty: float
    trend: list[float]
    attempts: int
    last: datetime | None
    due: int
    weak: bool = False


@dataclass(frozen=True)
class AttemptRow:
    id: str
    question_id: str
    title: str
    category: str
    mode: str
    score: float
    when: datetime
    seconds: float
    hints: int


@dataclass
class HomeView:
    recommended: list[AnyQuestion] = field(default_factory=list)
    due: int = 0
    weakest: list[TopicRow] = field(default_factory=list)
    streak: int = 0
    recent: list[float] = field(default_factory=list)
    attempts: int = 0


@dataclass
class SummaryView:
    topics: list[TopicRow] = field(default_factory=list)
    dimensions: list[TopicRow] = field(default_factory=list)
    practice_days: dict[date, int] = field(default_factory=dict)
    streak: int = 0
    readiness: dict[str, float] = field(default_factory=dict)


def recommended(app: InterviewApp, topic: str | None = None, category: str | None = None,
                limit: int = 3) -> list[AnyQuestion]:
    """The scheduler's picks; without a store, the bank's own order."""
    bank = app.bank
    if bank is None:
        return []
    if app.store is not None:
        try:
            from interview.progress import recommend
        except ImportError:  # the scheduler has not landed in this build
            recommend = None
        if recommend is not None:
            picks = recommend(bank, app.store, app.services.now(), topic=topic, category=category,
                              limit=limit)
            return [bank.questions[p.question_id] for p in picks if p.question_id in bank.questions]
    return bank.filter(category=category, topic=topic)[:limit]


def next_question(app: InterviewApp, topic: str | None = None,
                  category: str | None = None) -> AnyQuestion | None:
    picks = recommended(app, topic=topic, category=category, limit=1)
    return picks[0] if picks else None


def summary(app: InterviewApp, category: str | None = None) -> SummaryView:
    if app.store is None or app.bank is None:
        return SummaryView()
    try:
        from interview.progress import build_summary
    except ImportError:  # the summary has not landed in this build
        return SummaryView()

    return _summary_view(app, build_summary(app.bank, app.store, app.services.now(), category=category))


def _summary_view(app: InterviewApp, summary: Any) -> SummaryView:
    raise NotImplementedError  # filled in when interview.progress lands


def home(app: InterviewApp) -> HomeView:
    view = HomeView(recommended=recommended(app))
    if app.store is None:
        return view
    full = summary(app)
    view.weakest = [t for t in full.topics if t.weak][:3] or full.topics[:3]
    view.due = sum(t.due for t in full.topics)
    view.streak = full.streak
    rows = attempts(app, limit=8)
    view.recent = [r.score for r in reversed(rows)]
    view.attempts = len(rows)
    return view


def attempts(app: InterviewApp, limit: int | None = None) -> list[AttemptRow]:
    """Newest first, from the store's compact rows (no answer bodies are read)."""
    if app.store is None:
        return []
    rows = list(reversed(app.store.rows()))
    if limit is not None:
        rows = rows[:limit]
    bank = app.bank
    out = []
    for row in rows:
        question = bank.questions.get(row["q"]) if bank is not None else None
        out.append(AttemptRow(
            id=row["id"], question_id=row["q"], title=question.title if question else row["q"],
            category=row["c"], mode=row["m"], score=row["s"],
            when=datetime.fromtimestamp(row["at"], UTC), seconds=row["tt"], hints=row["h"],
        ))
    return out


def best_scores(app: InterviewApp) -> dict[str, float]:
    best: dict[str, float] = {}
    for row in attempts(app):
        best[row.question_id] = max(best.get(row.question_id, 0.0), row.score)
    return best


def record(app: InterviewApp, question: AnyQuestion, answer: str, result: GradeResult, *,
           hints: int, seconds: float, mode: str = "practice") -> str | None:
    """Store the attempt; its id lets the feedback screen rate it later."""
    store = app.store
    if store is None or store.read_only:
        return None
    from interview.progress.models import Attempt

    finished = app.services.now()
    attempt = Attempt(
        question_id=question.id, question_version=question.version, category=question.category,
        topics=list(question.topics), mode=mode, answer=answer, result=result, hints_used=hints,
        time_taken_s=max(0.0, seconds), time_limit_s=question.minutes * 60.0,
        started_at=finished - timedelta(seconds=max(0.0, seconds)), finished_at=finished,
    )
    return store.record_attempt(attempt)
