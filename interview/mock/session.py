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
from interview.bank.models import SystemDesignQuestion
from interview.grading.models import GradeResult
from interview.interviewer.models import FollowUpTurn, Transcript
from interview.mock.engine import Clock, MockEngine, MockState, Mode, Phase, QuestionSlot, utc_now
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
from interview.mock.talk import Talk, grade_mock_follow_ups, instant_grade, is_llm_graded
from interview.mock.templates import MockTemplate
from interview.progress.mastery import build_model
from interview.progress.models import Attempt
from interview.progress.store import Store

CLARIFY_S = 300.0  # the clarify phase of a system-design question with facts
FOLLOW_UPS = 2  # follow-up questions after each answered question


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
    def __init__(self, store: Store, bank: Bank, clock: Clock = utc_now,
                 persist: Callable[[dict[str, Any]], None] | None = None, *, follow_ups: int = 0,
                 clarify_s: float = 0.0) -> None:
        """`persist` replaces the direct save (the app queues saves on its store thread);
        `follow_ups` per answered question and a `clarify_s` phase for system design (the app
        turns both on: FOLLOW_UPS, CLARIFY_S)."""
        self.store = store
        self.bank = bank
        self.clock = clock
        self._persist = persist or self.save
        self.follow_ups = follow_ups
        self.clarify_s = clarify_s

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
        engine = MockEngine.create(template, questions, mode=mode, clock=self.clock, persist=self._persist)
        for round_state in engine.state.rounds:
            for slot in round_state.slots:
                question = self.bank.questions.get(slot.question_id)
                if isinstance(question, SystemDesignQuestion) and question.facts:
                    # A quarter of the question's time at most: a short custom round keeps its design.
                    slot.clarify_s = min(self.clarify_s, slot.allotted_s / 4)
        engine.interviewer = self.plan_follow_ups
        engine.save()
        return engine

    def plan_follow_ups(self, slot: QuestionSlot) -> list[FollowUpTurn]:
        """The follow-ups to a just-submitted answer, chosen offline from its instant grade.

        Code is not run yet (that happens at the end): its follow-ups are the spoken ones and the
        question's own, and the complexity answer is checked against the growth measured then.
        With an LLM the screen may then have them rewritten (`talk.Talk.follow_ups`).
        """
        from interview.interviewer import followups

        question = self.bank.questions.get(slot.question_id)
        if question is None or self.follow_ups <= 0 or not slot.answer.strip():
            return []  # nothing was answered: there is nothing to follow up on
        return followups.choose(question, instant_grade(question, slot.answer), self.follow_ups)

    def unfinished(self) -> list[MockState]:
        """Mocks that were interrupted (crash, kill, closed app), newest first."""
        return [s for s in all_mocks(self.store, ungraded_only=True) if s.scorecard is None and (
            s.phase != Phase.abandoned or any(slot.started_at for r in s.rounds for slot in r.slots))]

    def resume(self, mock_id: str) -> MockEngine:
        data = self.store.load_mock(mock_id)
        if data is None:
            from interview.errors import UserError

            raise UserError(f"no mock interview with id '{mock_id}'")
        engine = MockEngine.restore(data, clock=self.clock, persist=self._persist)
        engine.interviewer = self.plan_follow_ups
        return engine

    def finished(self) -> list[Scorecard]:
        return [Scorecard.model_validate(s.scorecard) for s in all_mocks(self.store) if s.scorecard]

    async def finish(
        self,
        engine: MockEngine,
        *,
        grader: Grader = default_grader,
        concurrency: int = 2,
        progress: Progress | None = None,
        talk: Talk | None = None,
    ) -> Scorecard:
        """Grade every answer, build the scorecard, and record it all in the history.

        With `talk` online the follow-up answers are graded by the LLM (the offline scorer
        grades what it could not).  Safe to call again after a crash part-way: attempts have
        ids derived from the mock and slot, so none is recorded twice.
        """
        state = engine.state
        if state.phase not in (Phase.finished, Phase.abandoned):
            engine.abandon()
        results = await grade_mock(state, self.bank, grader=grader, concurrency=concurrency,
                                   progress=progress)
        if talk is not None:
            await grade_mock_follow_ups(talk, state, self.bank, results)
        return self.record(engine, results)

    def record(self, engine: MockEngine, results: dict[tuple[int, int], GradeResult]) -> Scorecard:
        """Build the scorecard from graded answers and keep it all (the store half of `finish`)."""
        state = engine.state
        transcripts = self._conversations(state, results)
        finished_at = self.clock()
        scorecard = build_scorecard(state, self.bank, results, finished_at, transcripts)
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
                answer=slot.answer, result=result, transcript=transcripts.get((k, j)),
                time_taken_s=slot.time_used_s,
                time_limit_s=slot.allotted_s or None, started_at=slot.started_at,
                finished_at=slot.ended_at or finished_at,
            ))
        if attempts:
            self.store.record_attempts(attempts)
        state.scorecard = scorecard.model_dump(mode="json")
        engine.save()
        return scorecard

    def _conversations(self, state: MockState, results: dict[tuple[int, int], GradeResult]
                       ) -> dict[tuple[int, int], Transcript]:
        """Score every follow-up and apply every clarify phase; `results` is updated in place."""
        from interview.interviewer import exchange, followups

        transcripts: dict[tuple[int, int], Transcript] = {}
        for (k, j), result in list(results.items()):
            slot = state.rounds[k].slots[j]
            if not slot.follow_ups and not slot.clarified:
                continue
            question = self.bank.get(slot.question_id)
            turns = [t if is_llm_graded(t) else followups.score(question, t, t.answer, result.code)
                     for t in slot.follow_ups]  # the LLM's grades were kept at the end of the mock
            transcript = Transcript(clarify=list(slot.clarify), clarified=slot.clarified, follow_ups=turns)
            results[(k, j)], transcripts[(k, j)] = exchange.finish(question, result, transcript, slot.answer)
        return transcripts
