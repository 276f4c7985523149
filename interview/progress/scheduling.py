"""What to practise next: FSRS per question, plus weak topics and new questions.

Each question is an FSRS card; every attempt is a review whose rating comes from
the score, hints and time (or from the user's own "easy / good / hard").  Cards
are replayed from the history and cached in the store; a cache entry is reused
only while the question's attempt count and last attempt still match it, so the
cache can never be wrong for long — only stale until the next summary.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from fsrs import Card, Rating, Scheduler

from interview.bank.vocabulary import builtin_vocabulary
from interview.progress.mastery import Model

if TYPE_CHECKING:  # Row only as a type: the attempt models cost ~70 ms the summary must not pay
    from interview.bank.loader import Bank
    from interview.progress.models import Row
    from interview.progress.store import Store

Reason = Literal["due", "weak", "new"]
_DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}
_SELF_RATINGS = {"easy": Rating.Easy, "good": Rating.Good, "hard": Rating.Hard}


@dataclass(frozen=True)
class Recommendation:
    question_id: str
    title: str
    category: str
    reason: Reason
    detail: str


def derive_rating(score: float, hints: int, taken_s: float, limit_s: float | None,
                  self_rating: str | None = None) -> Rating:
    """The FSRS rating of an attempt; the user's own rating, when given, wins."""
    if self_rating is not None:
        return _SELF_RATINGS[self_rating]
    if score < 50:
        return Rating.Again
    level = 2 if score < 70 else 3 if score < 90 else 4  # Hard, Good, Easy
    level -= min(hints, 2)
    if limit_s and taken_s > limit_s:
        level -= 1
    return Rating(max(level, 2))  # a passing answer is at worst "hard", never "again"


@cache
def scheduler() -> Scheduler:
    """Intervals in days (no minute-long learning steps) and no fuzz, so schedules are reproducible."""
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def _replay(question_id: str, rows: list[Row]) -> Card:
    card = Card(card_id=zlib.crc32(question_id.encode()))
    for row in rows:
        rating = derive_rating(row["s"], row["h"], row["tt"], row["tl"], row["r"])
        card, _ = scheduler().review_card(card, rating, datetime.fromtimestamp(row["at"], UTC))
    return card


def by_question(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["q"]].append(row)
    return grouped


def cards(store: Store, category: str | None = None) -> dict[str, Card]:
    """The FSRS card of every attempted question (within `category`), from the store's cache
    where it is current; only a question whose card is not is replayed from the rows."""
    cached = store.cards()
    result: dict[str, Card] = {}
    refreshed: dict[str, dict[str, Any]] = {}
    grouped: dict[str, list[Row]] | None = None
    for question_id, (count, last_at, _) in store.totals().questions(category).items():
        entry = cached.get(question_id)
        if entry and entry["n"] == count and entry["at"] == last_at:
            result[question_id] = Card.from_dict(entry["card"])
            continue
        if grouped is None:
            grouped = by_question([r for r in store.rows() if category is None or r["c"] == category])
        card = result[question_id] = _replay(question_id, grouped[question_id])
        refreshed[question_id] = {"n": count, "at": last_at, "card": card.to_dict()}
    store.save_cards(refreshed)
    return result


def _start_of_day(now: datetime) -> float:
    return now.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def recommend(
    bank: Bank,
    store: Store,
    now: datetime,
    n: int = 5,
    category: str | None = None,
    topic: str | None = None,
    *,
    allow_repeat: bool = False,
    model: Model | None = None,
    question_cards: dict[str, Card] | None = None,
) -> list[Recommendation]:
    """The next `n` questions: due reviews, then weak topics, then new ones, interleaving categories.

    A question already attempted today (in `now`'s time zone) is left out unless `allow_repeat`.
    `model` and `question_cards` let the summary pass what it has already computed.
    """
    totals = store.totals()
    question_cards = question_cards if question_cards is not None else cards(store)
    model = model or totals.model(now.timestamp())
    today = _start_of_day(now)
    done_today = ({q for q, (_, at, _) in totals.questions().items() if at >= today}
                  if not allow_repeat else set())
    labels = builtin_vocabulary()
    pool = [q for q in bank.filter(category=category, topic=topic) if q.id not in done_today]

    queues: dict[str, list[tuple[int, float, Recommendation]]] = defaultdict(list)
    item: tuple[int, float, Reason, str]
    for question in pool:
        card = question_cards.get(question.id)
        weak = sorted((model.topics[t].mastery, t, model.topics[t].status) for t in question.topics
                      if t in model.topics and model.topics[t].status in ("weak", "fading"))
        if card is not None and card.due <= now:
            days = (now - card.due) / timedelta(days=1)
            item = (0, -days, "due", f"review due {_ago(days)}")
        elif weak:
            mastery, weakest_topic, status = weak[0]
            item = (1, mastery, "weak", f"{labels.topic_label(weakest_topic)} is {status} ({mastery:.0%})")
        elif card is None:
            fresh = sum(t not in model.topics for t in question.topics)
            rank = -fresh + _DIFFICULTY_ORDER.get(question.difficulty, 1) / 10
            item = (2, rank, "new", ", ".join(labels.topic_label(t) for t in question.topics))
        else:
            continue
        tier, rank, reason, detail = item
        recommendation = Recommendation(question_id=question.id, title=question.title,
                                        category=question.category, reason=reason, detail=detail)
        queues[question.category].append((tier, rank, recommendation))
    for queue in queues.values():
        queue.sort(key=lambda entry: (entry[0], entry[1], entry[2].question_id))
    return _interleave(queues, n)


def _ago(days: float) -> str:
    return "today" if days < 1 else f"for {int(days)} day{'s' if int(days) != 1 else ''}"


def _interleave(queues: dict[str, list[tuple[int, float, Recommendation]]], n: int) -> list[Recommendation]:
    """Round-robin over categories; each round starts with the most urgent head."""
    chosen: list[Recommendation] = []
    heads = {c: 0 for c in queues}
    while len(chosen) < n:
        live = [c for c in queues if heads[c] < len(queues[c])]
        if not live:
            break
        live.sort(key=lambda c: queues[c][heads[c]][:2])
        for cat in live:
            if len(chosen) >= n:
                break
            chosen.append(queues[cat][heads[cat]][2])
            heads[cat] += 1
    return chosen
