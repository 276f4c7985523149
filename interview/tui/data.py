"""The screens' window onto the progress core: recommendations, the summary, attempts.

Each function asks `interview.progress` and shapes the answer for display; with
no store (history unavailable) every one still answers, with an empty history,
so the practice flow works regardless.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview.bank.models import AnyQuestion
    from interview.grading.models import GradeResult
    from interview.interviewer.models import Transcript
    from interview.progress.summary import AreaStat, Summary
    from interview.tui.app import InterviewApp


DRAFT_PREFIX = "practice:"  # the store key of a practice draft is this plus the question id


def topic_labels(topics: Sequence[str]) -> str:
    """Topics as people read them ("Data leakage"), not as ids ("data_leakage")."""
    from interview.bank.vocabulary import builtin_vocabulary

    vocabulary = builtin_vocabulary()
    return ", ".join(vocabulary.topic_label(t) for t in topics)


@dataclass(frozen=True)
class Pick:
    """A question to practise and why it was chosen ("review due today", "Recall is weak")."""

    question: AnyQuestion
    reason: str


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
    picks: list[Pick] = field(default_factory=list)
    due: int = 0
    weakest: list[AreaStat] = field(default_factory=list)
    streak: int = 0
    recent: list[float] = field(default_factory=list)
    attempts: int = 0
    # (mock id, template name, whether every answer is in and only the grading is left)
    unfinished_mocks: list[tuple[str, str, bool]] = field(default_factory=list)
    drafts: list[AnyQuestion] = field(default_factory=list)  # unsubmitted answers, newest first


def recommended(app: InterviewApp, topic: str | None = None, category: str | None = None,
                limit: int = 3) -> list[Pick]:
    """The scheduler's picks; without a store, the bank's own order."""
    bank = app.bank
    if bank is None:
        return []
    if app.store is None:
        return [Pick(q, "new") for q in bank.filter(category=category, topic=topic)[:limit]]
    from interview.progress.scheduling import recommend

    picks = recommend(bank, app.store, app.services.now(), n=limit, category=category, topic=topic)
    return [Pick(bank.questions[p.question_id], p.detail) for p in picks if p.question_id in bank.questions]


def next_question(app: InterviewApp, topic: str | None = None, category: str | None = None,
                  exclude: str | None = None) -> AnyQuestion | None:
    picks = [p for p in recommended(app, topic=topic, category=category, limit=3)
             if p.question.id != exclude]
    return picks[0].question if picks else None


def summary(app: InterviewApp, category: str | None = None) -> Summary | None:
    if app.store is None or app.bank is None:
        return None
    from interview.progress.summary import build_summary

    return build_summary(app.bank, app.store, app.services.now(), category=category,
                         target_date=app.settings.practice.target_interview_date)


def home(app: InterviewApp) -> HomeView:
    full = summary(app)
    if full is None:
        return HomeView(picks=recommended(app))
    from interview.mock.engine import Phase
    from interview.tui.mock import sessions

    mocks = [(state.id, state.template.name, state.phase == Phase.finished)
             for state in sessions(app).unfinished()]
    bank = app.bank
    assert bank is not None
    drafts = drafted(app)
    # One row per question: a question with a draft is offered as the draft, not again as a pick.
    shown = {q.id for q in drafts}
    picks: list[Pick] = []
    for r in full.recommendations:
        if len(picks) == 3:
            break
        if r.question_id in bank.questions and r.question_id not in shown:
            shown.add(r.question_id)
            picks.append(Pick(bank.questions[r.question_id], r.detail))
    weak_topics = [a for a in full.weak_areas if a.kind == "topic"]
    return HomeView(
        picks=picks, due=len(full.due), weakest=(weak_topics or full.topics)[:3],
        streak=full.streak_days, recent=full.recent_scores[-10:], attempts=full.total_attempts,
        unfinished_mocks=mocks, drafts=drafts,
    )


def drafted(app: InterviewApp, limit: int = 3) -> list[AnyQuestion]:
    """Questions with a practice draft, so text left by a quit or a crash is offered back."""
    bank, store = app.bank, app.store
    if bank is None or store is None:
        return []
    ids = [d.key.removeprefix(DRAFT_PREFIX) for d in store.drafts() if d.key.startswith(DRAFT_PREFIX)]
    return [bank.questions[i] for i in ids if i in bank.questions][:limit]


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
           hints: int, seconds: float, transcript: Transcript | None = None) -> str | None:
    """Store a practice attempt; its id lets the feedback screen rate it later."""
    store = app.store
    if store is None or store.read_only:
        return None
    from interview.progress.models import Attempt

    finished = app.services.now()
    taken = max(0.0, seconds)
    attempt = Attempt(
        question_id=question.id, question_version=question.version, category=question.category,
        topics=list(question.topics), mode="practice", answer=answer, result=result, hints_used=hints,
        time_taken_s=taken, time_limit_s=question.minutes * 60.0,
        started_at=finished - timedelta(seconds=taken), finished_at=finished, transcript=transcript,
    )
    return store.record_attempt(attempt)
