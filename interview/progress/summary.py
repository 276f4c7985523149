"""The weak-topic summary: the one picture of where the user stands and what to do next.

`build_summary` reads the store's running totals and the cached cards (the
rows only to replay a card that changed), so it costs the same at 20,000
attempts as at 20; the TUI draws its dashboard (heatmap, sparklines) and
the CLI and reports print it, all from this one model.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from interview.bank.enums import CATEGORY_LABELS, Category
from interview.bank.vocabulary import builtin_vocabulary
from interview.progress.mastery import Estimate, Status, weakest
from interview.progress.scheduling import Recommendation, cards, recommend

if TYPE_CHECKING:
    from interview.bank.loader import Bank
    from interview.progress.store import Store

READY_FROM = 0.7
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class AreaStat:
    """Mastery of one topic or rubric dimension."""

    kind: Literal["topic", "dimension"]
    id: str
    label: str
    mastery: float
    uncertainty: float
    peak: float
    status: Status
    attempts: int
    last_practised: datetime
    trend: list[float]
    categories: list[str]


@dataclass(frozen=True)
class DueReview:
    question_id: str
    title: str
    category: str
    due: datetime
    overdue_days: float


@dataclass(frozen=True)
class Readiness:
    """How ready the user is for the target interview date in one category."""

    target_date: date
    days_left: int
    score: float  # mean mastery over the category's topics; unpractised topics count as 0
    covered_topics: int
    total_topics: int
    verdict: Literal["ready", "in progress", "behind", "date passed"]


@dataclass(frozen=True)
class CategorySummary:
    category: str
    label: str
    attempts: int
    mastery: float | None
    uncertainty: float | None
    last_practised: datetime | None
    weakest_topics: list[AreaStat]
    weakest_dimensions: list[AreaStat]
    due: int
    readiness: Readiness | None = None


@dataclass(frozen=True)
class Summary:
    generated_at: datetime
    category: str | None
    total_attempts: int
    topics: list[AreaStat]  # weakest first
    dimensions: list[AreaStat]  # weakest first
    categories: list[CategorySummary]
    due: list[DueReview]  # most overdue first
    recommendations: list[Recommendation]
    practice_days: dict[date, int]  # attempts per day, in `now`'s time zone
    streak_days: int
    longest_streak: int
    recent_scores: list[float]  # the last scores, oldest first, for a sparkline
    notices: list[str]

    @property
    def weak_areas(self) -> list[AreaStat]:
        """Topics and dimensions that need work: weak with enough evidence, or fading."""
        areas = [a for a in self.topics + self.dimensions if a.status in ("weak", "fading")]
        return sorted(areas, key=lambda a: a.mastery)


def _stat(kind: Literal["topic", "dimension"], est: Estimate, categories: list[str]) -> AreaStat:
    vocabulary = builtin_vocabulary()
    label = vocabulary.topic_label(est.key) if kind == "topic" else vocabulary.dimension_label(est.key)
    return AreaStat(
        kind=kind, id=est.key, label=label, mastery=est.mastery, uncertainty=est.uncertainty,
        peak=est.peak, status=est.status, attempts=est.attempts,
        last_practised=datetime.fromtimestamp(est.last_practised, UTC), trend=list(est.trend),
        categories=categories,
    )


def _streaks(days: list[date], today: date) -> tuple[int, int]:
    """(current streak, longest streak); the current one survives until today is over."""
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    current = run if previous is not None and (today - previous).days <= 1 else 0
    return current, longest


def _practice_days(store: Store, category: str | None, now: datetime) -> dict[date, int]:
    """Attempts per calendar day in `now`'s UTC offset: kept in the totals for UTC, counted from
    the rows (integer days, no datetime per row) for another offset."""
    offset = (now.utcoffset() or timedelta(0)).total_seconds()
    if not offset:
        counts = store.totals().days(category)
    else:
        counts = {}
        for row in store.rows():
            if category is None or row["c"] == category:
                day = int((row["at"] + offset) // 86400)
                counts[day] = counts.get(day, 0) + 1
    return {date.fromordinal(_EPOCH_ORDINAL + d): c for d, c in sorted(counts.items())}


def _readiness(
    bank: Bank, category: str, topics: dict[str, Estimate], target: date, today: date
) -> Readiness:
    wanted = {t for q in bank.filter(category=category) for t in q.topics}
    covered = [topics[t].mastery for t in wanted if t in topics]
    score = round(sum(covered) / len(wanted), 4) if wanted else 0.0
    days_left = (target - today).days
    if days_left < 0:
        verdict: Literal["ready", "in progress", "behind", "date passed"] = "date passed"
    elif score >= READY_FROM:
        verdict = "ready"
    elif days_left <= 14 and score < READY_FROM - 0.2:
        verdict = "behind"
    else:
        verdict = "in progress"
    return Readiness(target_date=target, days_left=days_left, score=score, covered_topics=len(covered),
                     total_topics=len(wanted), verdict=verdict)


def build_summary(
    bank: Bank,
    store: Store,
    now: datetime,
    category: str | None = None,
    *,
    target_date: date | None = None,
    recommendations: int = 5,
) -> Summary:
    """Everything the dashboard shows, computed from the history at `now` (an aware datetime)."""
    totals = store.totals()
    model = totals.model(now.timestamp(), category)
    attempted = totals.questions(category)
    question_cards = cards(store, category)

    topic_stats = [_stat("topic", e, sorted(model.topic_categories.get(e.key, ())))
                   for e in weakest(model.topics.values())]
    dimension_stats = [_stat("dimension", e, sorted(c for c, d in model.category_dimensions.items()
                                                   if e.key in d))
                       for e in weakest(model.dimensions.values())]

    due: list[DueReview] = []
    for question_id, card in question_cards.items():
        if card.due <= now:
            question = bank.index.get(question_id)
            due.append(DueReview(
                question_id=question_id, title=question.title if question else question_id,
                category=question.category if question else attempted[question_id][2],
                due=card.due, overdue_days=round((now - card.due) / timedelta(days=1), 2),
            ))
    due.sort(key=lambda d: d.due)

    today = now.date()
    wanted = [category] if category else [c.value for c in Category]
    wanted += sorted(c for c in model.categories if c not in wanted)
    by_topic = {s.id: s for s in topic_stats}
    category_summaries = []
    for cat in wanted:
        est = model.categories.get(cat)
        dims = model.category_dimensions.get(cat, {})
        category_summaries.append(CategorySummary(
            category=cat,
            label=CATEGORY_LABELS.get(cat, cat),  # type: ignore[call-overload]
            attempts=est.attempts if est else 0,
            mastery=est.mastery if est else None,
            uncertainty=est.uncertainty if est else None,
            last_practised=datetime.fromtimestamp(est.last_practised, UTC) if est else None,
            weakest_topics=[by_topic[t] for t in by_topic if cat in by_topic[t].categories][:5],
            weakest_dimensions=[_stat("dimension", e, [cat]) for e in weakest(dims.values())][:5],
            due=sum(d.category == cat for d in due),
            readiness=_readiness(bank, cat, model.topics, target_date, today) if target_date else None,
        ))

    practice_days = _practice_days(store, category, now)
    streak, longest = _streaks(list(practice_days), today)
    return Summary(
        generated_at=now,
        category=category,
        total_attempts=totals.count(category),
        topics=topic_stats,
        dimensions=dimension_stats,
        categories=category_summaries,
        due=due,
        recommendations=recommend(bank, store, now, recommendations, category, model=model,
                                  question_cards=question_cards),
        practice_days=practice_days,
        streak_days=streak,
        longest_streak=longest,
        recent_scores=totals.recent(category),
        notices=list(store.notices),
    )


def json_data(value: Any, exclude: frozenset[str] = frozenset()) -> Any:
    """A summary part as JSON data, exactly as pydantic's `model_dump(mode="json")` wrote it when
    these were models (UTC times end in "Z"): the summary is output only, so plain dataclasses
    spare `summary` the ~60 ms of building pydantic model classes."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_data(getattr(value, f.name)) for f in fields(value) if f.name not in exclude}
    if isinstance(value, list):
        return [json_data(v) for v in value]
    if isinstance(value, dict):
        return {json_data(k): json_data(v) for k, v in value.items()}
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, date):
        return value.isoformat()
    return value


def summary_json(summary: Summary) -> dict[str, Any]:
    """What `interview summary --json` prints."""
    data: dict[str, Any] = json_data(summary)
    return data
