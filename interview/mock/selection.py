"""Choose the questions of a mock: weak-area aware, no repeats, fresh where possible.

The choice needs only two facts from the history — how strong the user is per
topic and when each question was last seen — so it takes them as plain
mappings and stays testable without a store.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timedelta

from interview.bank.enums import Difficulty
from interview.bank.index import Bank, QuestionEntry
from interview.errors import UserError
from interview.mock.templates import MockTemplate, RoundSpec

RECENT_DAYS = 3
_DIFFICULTY_RANK = {Difficulty.easy: 0, Difficulty.medium: 1, Difficulty.hard: 2}


def choose_questions(
    bank: Bank,
    template: MockTemplate,
    *,
    mastery: Mapping[str, float] | None = None,
    last_seen: Mapping[str, datetime] | None = None,
    now: datetime,
    rng: random.Random | None = None,
) -> list[list[QuestionEntry]]:
    """One list of questions per round.

    Preference, most important first: the round's category and topic filter
    (required), not already in this mock (required), not seen in the last few
    days, the round's difficulty (then the nearest one), weak topics (mastery
    0–1 per topic; unknown topics count as middling), and a little randomness so
    two mocks in a row differ.
    """
    mastery = mastery or {}
    last_seen = last_seen or {}
    rng = rng or random.Random()
    chosen_ids: set[str] = set()
    rounds: list[list[QuestionEntry]] = []
    for spec in template.rounds:
        pool = [q for q in bank.filter(category=spec.category.value)
                if not spec.topics or set(q.topics) & set(spec.topics)]
        pool = [q for q in pool if q.id not in chosen_ids]
        if not pool:
            raise UserError(
                f"the bank has no {spec.label} questions"
                + (f" on {', '.join(spec.topics)}" if spec.topics else "")
                + " left for this mock; add a pack or change the template"
            )
        picked = _rank(pool, spec, mastery, last_seen, now, rng)[: spec.questions]
        chosen_ids.update(q.id for q in picked)
        rounds.append(picked)
    return rounds


def _rank(
    pool: list[QuestionEntry],
    spec: RoundSpec,
    mastery: Mapping[str, float],
    last_seen: Mapping[str, datetime],
    now: datetime,
    rng: random.Random,
) -> list[QuestionEntry]:
    recent = now - timedelta(days=RECENT_DAYS)

    def key(question: QuestionEntry) -> tuple[int, int, float]:
        seen = last_seen.get(question.id)
        stale = 1 if seen is not None and seen >= recent else 0
        gap = (abs(_DIFFICULTY_RANK[question.difficulty] - _DIFFICULTY_RANK[spec.difficulty])
               if spec.difficulty else 0)
        weakness = sum(1.0 - mastery.get(t, 0.5) for t in question.topics) / len(question.topics)
        return stale, gap, -(weakness + rng.random() * 0.5)

    return sorted(pool, key=key)
