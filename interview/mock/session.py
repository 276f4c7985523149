"""Mock interviews over the user's history: start, resume, finish and record.

This is the one place that ties the engine to the store: it picks questions
from the progress model, persists every transition, and at the end grades all
answers, builds the scorecard and records each answer as a `mock` attempt so it
feeds the weak-area model like any practice answer.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from interview.bank.loader import Bank
from interview.grading.models import GradeResult
from interview.mock.engine import Clock, MockEngine, MockState, Mode, Phase, utc_now
from interview.mock.scorecard import (
    Grader,
    Progress,
    Scorecard,
    build_scorecard,
    default_grader,
    grade_mock,
    was_answered,
)
from interview.mock.selection import choose_questions
from interview.mock.templates import MockTemplate
from interview.progress.mastery import build_model
from interview.progress.models import Attempt
from interview.progress.store import Store


def all_mocks(store: Store, *, ungraded_only: bool = False) -> list[MockState]:
    """Every readable mock in the history, newest first (a damaged record can be neither resumed
    nor shown, so it is left out here; `unreadable_mocks` counts them for a notice).

    `ungraded_only` skips graded mocks before validating them: Home asks on every refresh,
    and validating a hundred finished mocks cost it ~0.2 s each time.
    """
    states = []
    for data in store.mocks().values():
        if ungraded_only and isinstance(data, dict) and data.get("scorecard") is not None:
            continue
        try:
            states.append(MockState.model_validate(data))
        except ValidationError:
            continue
    return sorted(states, key=lambda s: s.created_at, reverse=True)


def unreadable_mocks(store: Store) -> int:
    """Ungraded mock records that cannot be read (a graded one is only ever listed, from its card)."""
    ungraded = [d for d in store.mocks().values() if not isinstance(d, dict) or d.get("scorecard") is None]
    return len(ungraded) - len(all_mocks(store, ungraded_only=True))


class MockSessions:
    """`persist` replaces the direct save (the app queues saves on its store thread)."""

    def __init__(self, store: Store, bank: Bank, clock: Clock = utc_now,
                 persist: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.store = store
        self.bank = bank
        self.clock = clock
        self._persist = persist or self.save

    def save(self, data: dict[str, Any]) -> None:
        self.store.save_mock(data["id"], data)

    def new(
        self, template: MockTemplate, mode: Mode = "strict", rng: random.Random | None = None
    ) -> MockEngine:
        now = self.clock()
        rows = self.store.rows()
        model = build_model(rows, now.timestamp())
        mastery = {topic: estimate.mastery for topic, estimate in model.topics.items()}
        last_seen: dict[str, datetime] = {}
        for row in rows:
            last_seen[row["q"]] = datetime.fromtimestamp(row["at"], tz=now.tzinfo)
        rounds = choose_questions(self.bank, template, mastery=mastery, last_seen=last_seen, now=now, rng=rng)
        questions = [[(q.id, q.minutes) for q in chosen] for chosen in rounds]
        return MockEngine.create(template, questions, mode=mode, clock=self.clock, persist=self._persist)

    def unfinished(self) -> list[MockState]:
        """Mocks that were interrupted (crash, kill, closed app), newest first."""
        return [s for s in all_mocks(self.store, ungraded_only=True) if s.scorecard is None and (
            s.phase != Phase.abandoned or any(slot.started_at for r in s.rounds for slot in r.slots))]

    def resume(self, mock_id: str) -> MockEngine:
        data = self.store.load_mock(mock_id)
        if data is None:
            from interview.errors import UserError

            raise UserError(f"no mock interview with id '{mock_id}'")
        return MockEngine.restore(data, clock=self.clock, persist=self._persist)

    def finished(self) -> list[Scorecard]:
        return [Scorecard.model_validate(s.scorecard) for s in all_mocks(self.store) if s.scorecard]

    async def finish(
        self,
        engine: MockEngine,
        *,
        grader: Grader = default_grader,
        concurrency: int = 2,
        progress: Progress | None = None,
    ) -> Scorecard:
        """Grade every answer, build the scorecard, and record it all in the history.

        Safe to call again after a crash part-way: attempts have ids derived from the
        mock and slot, so none is recorded twice.
        """
        state = engine.state
        if state.phase not in (Phase.finished, Phase.abandoned):
            engine.abandon()
        results = await grade_mock(state, self.bank, grader=grader, concurrency=concurrency,
                                   progress=progress)
        return self.record(engine, results)

    def record(self, engine: MockEngine, results: dict[tuple[int, int], GradeResult]) -> Scorecard:
        """Build the scorecard from graded answers and keep it all (the store half of `finish`)."""
        state = engine.state
        finished_at = self.clock()
        scorecard = build_scorecard(state, self.bank, results, finished_at)
        attempts = []
        for (k, j), result in sorted(results.items()):
            slot = state.rounds[k].slots[j]
            attempt_id = f"{state.id}-{k}-{j}"
            if (not was_answered(slot) or slot.started_at is None
                    or self.store.get_row(attempt_id) is not None):
                continue  # an unanswered question says nothing about the topic: it is not an attempt
            question = self.bank.get(slot.question_id)
            attempts.append(Attempt(
                id=attempt_id, question_id=question.id, question_version=question.version,
                category=question.category, topics=list(question.topics), mode="mock", mock_id=state.id,
                answer=slot.answer, result=result, time_taken_s=slot.time_used_s,
                time_limit_s=slot.allotted_s or None, started_at=slot.started_at,
                finished_at=slot.ended_at or finished_at,
            ))
        if attempts:
            self.store.record_attempts(attempts)
        state.scorecard = scorecard.model_dump(mode="json")
        engine.save()
        return scorecard
