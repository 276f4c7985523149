"""The mock-interview state machine: rounds, countdowns, auto-submit, resume.

A plain object with an injected clock and no UI: the TUI calls `tick()` once a
second and shows what it returns; tests drive it with a fake clock.  The whole
state is a pydantic model, persisted (through the `persist` callback) on every
transition, so a crash or kill resumes the interview where it stopped.

Time model.  A round has a hard budget (its minutes).  Each question is
allotted a share of it in proportion to the question's suggested minutes, and
its deadline is the round's deadline minus what is reserved for the questions
after it: time saved on one question is banked for the next, and the last
question of a round ends exactly when the round does.  Between rounds the
clock stops, as in a real loop's breaks.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from interview.mock.templates import MockTemplate, RoundSpec

Clock = Callable[[], datetime]
Mode = Literal["strict", "practice"]
Outcome = Literal["pending", "submitted", "auto_submitted", "skipped", "forfeited", "unanswered"]
WARNINGS_S = (300, 60)


def utc_now() -> datetime:
    return datetime.now(UTC)


class MockError(Exception):
    """An action that the current state (or strict mode) does not allow."""


class Phase(StrEnum):
    not_started = "not_started"
    in_question = "in_question"
    between_rounds = "between_rounds"
    finished = "finished"
    abandoned = "abandoned"


class QuestionSlot(BaseModel):
    question_id: str
    minutes_hint: int = Field(ge=1)
    allotted_s: float = 0.0
    started_at: datetime | None = None
    ended_at: datetime | None = None
    answer: str = ""
    outcome: Outcome = "pending"

    @property
    def time_used_s(self) -> float:
        if self.started_at is None or self.ended_at is None:
            return 0.0
        return max(0.0, (self.ended_at - self.started_at).total_seconds())


class RoundState(BaseModel):
    spec: RoundSpec
    slots: list[QuestionSlot]
    started_at: datetime | None = None
    ended_at: datetime | None = None
    paused_s: float = 0.0

    @property
    def budget_s(self) -> float:
        return self.spec.minutes * 60.0


class Event(BaseModel):
    """Something the UI should show; also kept as the mock's transition log."""

    kind: Literal[
        "started", "question_started", "warning", "submitted", "auto_submitted", "skipped",
        "forfeited", "round_ended", "round_started", "paused", "resumed", "finished", "abandoned",
    ]
    at: datetime
    round_index: int = 0
    question_index: int = 0
    seconds_left: int | None = None


class MockState(BaseModel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    template: MockTemplate
    mode: Mode = "strict"
    phase: Phase = Phase.not_started
    rounds: list[RoundState]
    round_index: int = 0
    question_index: int = 0
    created_at: datetime
    last_seen_at: datetime
    paused_at: datetime | None = None
    warned: list[int] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    scorecard: dict[str, Any] | None = None


class MockEngine:
    """Drives one mock interview; every public method takes effect at `clock()` now."""

    def __init__(
        self,
        state: MockState,
        clock: Clock = utc_now,
        persist: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.state = state
        self.clock = clock
        self._persist = persist

    # ------------------------------------------------------------ creation

    @classmethod
    def create(
        cls,
        template: MockTemplate,
        questions: list[list[tuple[str, int]]],
        *,
        mode: Mode = "strict",
        clock: Clock = utc_now,
        persist: Callable[[dict[str, Any]], None] | None = None,
    ) -> MockEngine:
        """A new mock; `questions[k]` are (question id, suggested minutes) for round k."""
        if len(questions) != len(template.rounds):
            raise ValueError("one list of questions per round is needed")
        now = clock()
        rounds = []
        for spec, chosen in zip(template.rounds, questions, strict=True):
            if not chosen:
                raise ValueError(f"round '{spec.label}' has no questions")
            total = sum(minutes for _, minutes in chosen)
            slots = [
                QuestionSlot(question_id=qid, minutes_hint=minutes,
                             allotted_s=spec.minutes * 60.0 * minutes / total)
                for qid, minutes in chosen
            ]
            rounds.append(RoundState(spec=spec, slots=slots))
        state = MockState(template=template, mode=mode, rounds=rounds, created_at=now, last_seen_at=now)
        engine = cls(state, clock, persist)
        engine.save()
        return engine

    @classmethod
    def restore(
        cls,
        data: dict[str, Any],
        clock: Clock = utc_now,
        persist: Callable[[dict[str, Any]], None] | None = None,
    ) -> MockEngine:
        return cls(MockState.model_validate(data), clock, persist)

    # --------------------------------------------------------------- views

    @property
    def phase(self) -> Phase:
        return self.state.phase

    @property
    def strict(self) -> bool:
        return self.state.mode == "strict"

    @property
    def hints_allowed(self) -> bool:
        return not self.strict

    @property
    def current_round(self) -> RoundState:
        return self.state.rounds[self.state.round_index]

    @property
    def current_slot(self) -> QuestionSlot | None:
        if self.state.phase != Phase.in_question:
            return None
        return self.current_round.slots[self.state.question_index]

    @property
    def is_over(self) -> bool:
        return self.state.phase in (Phase.finished, Phase.abandoned)

    def round_deadline(self, round_state: RoundState | None = None) -> datetime:
        round_state = round_state or self.current_round
        if round_state.started_at is None:
            raise MockError("the round has not started")
        return round_state.started_at + timedelta(seconds=round_state.budget_s + round_state.paused_s)

    def question_deadline(self) -> datetime:
        """The round's deadline minus the time reserved for the questions still to come."""
        later = self.current_round.slots[self.state.question_index + 1:]
        return self.round_deadline() - timedelta(seconds=sum(s.allotted_s for s in later))

    def _frozen_now(self, now: datetime) -> datetime:
        return self.state.paused_at or now

    def question_remaining_s(self) -> float:
        if self.state.phase != Phase.in_question:
            return 0.0
        now = self._frozen_now(self.clock())
        return max(0.0, (self.question_deadline() - now).total_seconds())

    def round_remaining_s(self) -> float:
        if self.state.phase != Phase.in_question:
            return 0.0
        now = self._frozen_now(self.clock())
        return max(0.0, (self.round_deadline() - now).total_seconds())

    # ------------------------------------------------------------- actions

    def start(self) -> list[Event]:
        self._require(Phase.not_started)
        now = self.clock()
        events = [self._event("started", now)]
        events += self._start_round(now)
        return self._commit(now, events)

    def start_next_round(self) -> list[Event]:
        self._require(Phase.between_rounds)
        now = self.clock()
        self.state.round_index += 1
        return self._commit(now, self._start_round(now))

    def update_answer(self, text: str) -> None:
        """Keep the answer as typed; the caller persists with `save()` every few seconds."""
        slot = self.current_slot
        if slot is None:
            raise MockError("no question is open")
        slot.answer = text
        self.state.last_seen_at = self.clock()

    def submit(self, text: str | None = None) -> list[Event]:
        return self._close_current("submitted", text)

    def skip(self, text: str | None = None) -> list[Event]:
        """Move on, keeping what was written: it is graded like any other answer."""
        return self._close_current("skipped", text)

    def pause(self) -> list[Event]:
        if self.strict:
            raise MockError("strict mode has no pause: the clock runs as in a real interview")
        self._require(Phase.in_question)
        if self.state.paused_at is not None:
            return []
        now = self.clock()
        self.state.paused_at = now
        return self._commit(now, [self._event("paused", now)])

    def resume(self) -> list[Event]:
        if self.state.paused_at is None:
            return []
        now = self.clock()
        self.current_round.paused_s += (now - self.state.paused_at).total_seconds()
        self.state.paused_at = None
        return self._commit(now, [self._event("resumed", now)])

    def abandon(self) -> list[Event]:
        if self.is_over:
            return []
        now = self.clock()
        slot = self.current_slot
        if slot is not None:
            slot.ended_at = now
            slot.outcome = "submitted" if slot.answer.strip() else "unanswered"
        self.state.phase = Phase.abandoned
        return self._commit(now, [self._event("abandoned", now)])

    def tick(self) -> list[Event]:
        """Advance the clock: warnings, auto-submits and round ends that are due, in order.

        After a crash one tick catches up on everything that happened while the app
        was closed, so the remaining time is exactly what a real interview would leave.
        """
        now = self.clock()
        if self.state.phase != Phase.in_question or self.state.paused_at is not None:
            self.state.last_seen_at = now
            return []
        events: list[Event] = []
        while self.state.phase == Phase.in_question:
            deadline = self.question_deadline()
            if now < deadline:
                events += self._warnings(now, deadline)
                break
            events += self._end_question(deadline, "auto_submitted")
        if events:
            return self._commit(now, events)
        self.state.last_seen_at = now
        return events

    def resume_after_restart(self, forfeit: bool = False) -> list[Event]:
        """Continue a mock that was interrupted by a crash or a closed app.

        By default the time spent away counts (as it would in a real interview).  With
        `forfeit=True` the question that was open is given up instead, and the time
        away does not count against the rest of the round.
        """
        now = self.clock()
        if not forfeit or self.state.phase != Phase.in_question:
            return self.tick()
        last_seen = self.state.last_seen_at
        self.current_round.paused_s += max(0.0, (now - last_seen).total_seconds())
        slot = self.current_round.slots[self.state.question_index]
        events = self._end_question(now, "forfeited")
        slot.ended_at = last_seen  # the time away is not charged to the forfeited question
        return self._commit(now, events)

    def save(self) -> None:
        """Persist the whole state; `last_seen_at` marks when the app was last alive."""
        self.state.last_seen_at = self.clock()
        if self._persist is not None:
            self._persist(self.state.model_dump(mode="json"))

    # ------------------------------------------------------------ internals

    def _require(self, phase: Phase) -> None:
        if self.state.phase != phase:
            raise MockError(f"cannot do that while the mock is {self.state.phase.value.replace('_', ' ')}")

    def _event(self, kind: str, at: datetime, seconds_left: int | None = None) -> Event:
        return Event(kind=kind, at=at, round_index=self.state.round_index,  # type: ignore[arg-type]
                     question_index=self.state.question_index, seconds_left=seconds_left)

    def _commit(self, now: datetime, events: list[Event]) -> list[Event]:
        self.state.last_seen_at = now
        self.state.events.extend(events)
        self.save()
        return events

    def _start_round(self, at: datetime) -> list[Event]:
        round_state = self.current_round
        round_state.started_at = at
        self.state.question_index = 0
        self.state.phase = Phase.in_question
        return [self._event("round_started", at), *self._start_question(at)]

    def _start_question(self, at: datetime) -> list[Event]:
        slot = self.current_round.slots[self.state.question_index]
        slot.started_at = at
        self.state.warned = []
        return [self._event("question_started", at)]

    def _close_current(self, outcome: Outcome, text: str | None) -> list[Event]:
        self._require(Phase.in_question)
        if self.state.paused_at is not None:
            self.resume()
        now = self.clock()
        slot = self.current_slot
        if slot is not None and text is not None:
            slot.answer = text
        # A submit that arrives after the deadline is an auto-submit at the deadline.
        events = self.tick()
        if self.current_slot is not slot:
            return events
        return self._commit(now, events + self._end_question(now, outcome))

    def _end_question(self, at: datetime, outcome: Outcome) -> list[Event]:
        slot = self.current_round.slots[self.state.question_index]
        slot.ended_at = at
        if outcome == "auto_submitted" and not slot.answer.strip():
            slot.outcome = "unanswered"
        else:
            slot.outcome = outcome
        kind = "auto_submitted" if outcome == "auto_submitted" else outcome
        events = [self._event(kind, at)]
        if self.state.question_index + 1 < len(self.current_round.slots):
            self.state.question_index += 1
            return events + self._start_question(at)
        self.current_round.ended_at = at
        events.append(self._event("round_ended", at))
        if self.state.round_index + 1 < len(self.state.rounds):
            self.state.phase = Phase.between_rounds
        else:
            self.state.phase = Phase.finished
            events.append(self._event("finished", at))
        return events

    def _warnings(self, now: datetime, deadline: datetime) -> list[Event]:
        left = (deadline - now).total_seconds()
        slot = self.current_slot
        assert slot is not None
        events = []
        for threshold in WARNINGS_S:
            # Warn only when the question had more time than the threshold to begin with.
            available = (deadline - slot.started_at).total_seconds() if slot.started_at else 0
            if left <= threshold < available and threshold not in self.state.warned:
                self.state.warned.append(threshold)
                events.append(self._event("warning", now, seconds_left=round(left)))
        return events
