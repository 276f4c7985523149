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

The interviewer talks back.  A system-design question may open with a clarify
phase and any answered question may be followed by follow-up questions; each
has its own clock (`clarify_s`, `follow_up_s` per follow-up) and stops the
round's clock while it runs, like the break between rounds.  Follow-ups are
planned by the `interviewer` callback from the submitted answer; strict mode
cannot skip them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from interview.interviewer.models import ClarifyTurn, FollowUpTurn
from interview.mock.templates import MockTemplate, RoundSpec

Clock = Callable[[], datetime]
Mode = Literal["strict", "practice"]
Outcome = Literal["pending", "submitted", "auto_submitted", "skipped", "forfeited", "unanswered"]
Stage = Literal["clarify", "answer", "follow_up"]
WARNINGS_S = (300, 60)
FOLLOW_UP_S = 120.0  # the clock of each follow-up question
Interviewer = Callable[["QuestionSlot"], list[FollowUpTurn]]


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
    # The conversation around the answer (see the module docstring).
    stage: Stage = "answer"
    clarify_s: float = 0.0  # > 0: the question opens with a clarify phase this long
    clarify: list[ClarifyTurn] = Field(default_factory=list)
    stage_started_at: datetime | None = None
    answer_ended_at: datetime | None = None
    follow_ups: list[FollowUpTurn] = Field(default_factory=list)
    follow_up_index: int = 0

    @property
    def clarified(self) -> bool:
        return self.clarify_s > 0

    @property
    def current_follow_up(self) -> FollowUpTurn | None:
        if self.stage != "follow_up" or self.follow_up_index >= len(self.follow_ups):
            return None
        return self.follow_ups[self.follow_up_index]

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
        "clarify_started", "clarify_ended", "follow_up_started", "follow_up_answered",
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
    follow_up_s: float = FOLLOW_UP_S


class MockEngine:
    """Drives one mock interview; every public method takes effect at `clock()` now."""

    def __init__(
        self,
        state: MockState,
        clock: Clock = utc_now,
        persist: Callable[[dict[str, Any]], None] | None = None,
        interviewer: Interviewer | None = None,
    ) -> None:
        self.state = state
        self.clock = clock
        self._persist = persist
        self.interviewer = interviewer

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
        interviewer: Interviewer | None = None,
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
        engine = cls(state, clock, persist, interviewer)
        engine.save()
        return engine

    @classmethod
    def restore(
        cls,
        data: dict[str, Any],
        clock: Clock = utc_now,
        persist: Callable[[dict[str, Any]], None] | None = None,
        interviewer: Interviewer | None = None,
    ) -> MockEngine:
        return cls(MockState.model_validate(data), clock, persist, interviewer)

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

    def _question_clock_now(self) -> datetime:
        """Where the question's and round's clocks stand: they stop while the interviewer talks.

        The time of a clarify phase or of follow-ups is added to the round's `paused_s` only when
        it ends, so until then the clocks are read at the moment they stopped.
        """
        slot = self.current_slot
        if slot is not None and slot.stage == "clarify" and slot.stage_started_at is not None:
            return slot.stage_started_at
        if slot is not None and slot.stage == "follow_up" and slot.answer_ended_at is not None:
            return slot.answer_ended_at
        return self._frozen_now(self.clock())

    def question_remaining_s(self) -> float:
        if self.state.phase != Phase.in_question:
            return 0.0
        now = self._question_clock_now()
        return max(0.0, (self.question_deadline() - now).total_seconds())

    def stage_deadline(self) -> datetime | None:
        """When the clarify phase or the current follow-up ends; None while answering."""
        slot = self.current_slot
        if slot is None or slot.stage == "answer" or slot.stage_started_at is None:
            return None
        length = slot.clarify_s if slot.stage == "clarify" else self.state.follow_up_s
        return slot.stage_started_at + timedelta(seconds=length)

    def stage_remaining_s(self) -> float:
        deadline = self.stage_deadline()
        if deadline is None:
            return self.question_remaining_s()
        return max(0.0, (deadline - self._frozen_now(self.clock())).total_seconds())

    def round_remaining_s(self) -> float:
        if self.state.phase != Phase.in_question:
            return 0.0
        now = self._question_clock_now()
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
        follow_up = slot.current_follow_up
        if follow_up is not None:
            slot.follow_ups[slot.follow_up_index] = follow_up.model_copy(update={"answer": text})
        elif slot.stage == "answer":
            slot.answer = text
        self.state.last_seen_at = self.clock()

    def submit(self, text: str | None = None) -> list[Event]:
        """Submit what the current stage asks for: the answer, a follow-up's answer, or "start designing"."""
        slot = self.current_slot
        if slot is not None and slot.stage == "follow_up":
            return self.answer_follow_up(text)
        if slot is not None and slot.stage == "clarify":
            return self.end_clarify()
        return self._close_current("submitted", text)

    def skip(self, text: str | None = None) -> list[Event]:
        """Move on, keeping what was written: it is graded like any other answer."""
        slot = self.current_slot
        if slot is not None and slot.stage == "follow_up":
            if self.strict:
                raise MockError("strict mode: the interviewer's follow-up questions cannot be skipped")
            return self.answer_follow_up(text)
        return self._close_current("skipped", text)

    # ---------------------------------------------------- the conversation

    def ask_clarifying(self, turn: ClarifyTurn) -> list[Event]:
        """Record a clarifying question and the reply (the caller matched it to the facts)."""
        slot = self.current_slot
        if slot is None or slot.stage != "clarify":
            raise MockError("clarifying questions are asked before the design starts")
        events = self.tick()
        if self.current_slot is not slot or slot.stage != "clarify":
            return events  # the clarify phase ran out before the question arrived
        slot.clarify.append(turn)
        return self._commit(self.clock(), events)

    def end_clarify(self) -> list[Event]:
        """Start designing now; the rest of the clarify time is not carried over."""
        slot = self.current_slot
        if slot is None or slot.stage != "clarify":
            return []
        now = self.clock()
        return self._commit(now, self._close_clarify(now))

    def answer_follow_up(self, text: str | None) -> list[Event]:
        """The answer to the open follow-up; the next one opens, or the question ends."""
        slot = self.current_slot
        if slot is None or slot.stage != "follow_up":
            raise MockError("no follow-up question is open")
        events = self.tick()
        if self.current_slot is not slot or slot.stage != "follow_up":
            return events  # its time ran out first: it was submitted as it stood
        if text is not None:
            self.update_answer(text)
        now = self.clock()
        return self._commit(now, events + self._next_follow_up(now))

    def adapt_follow_ups(self, turns: list[FollowUpTurn]) -> bool:
        """Put the LLM interviewer's follow-ups in place of the offline plan of the open question.

        Only what has not been answered yet is replaced, and only while the first follow-up is
        open and untouched; its clock restarts, since the candidate waited for the interviewer
        meanwhile.  False (nothing changed) when the candidate has moved on or started typing.
        """
        slot = self.current_slot
        if (slot is None or slot.stage != "follow_up" or slot.follow_up_index != 0 or not turns
                or slot.follow_ups[0].answer.strip()):
            return False
        slot.follow_ups = list(turns)
        slot.stage_started_at = self._frozen_now(self.clock())  # a pause moves it on at resume
        self.save()
        return True

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
        away = now - self.state.paused_at
        self.current_round.paused_s += away.total_seconds()
        slot = self.current_slot
        if slot is not None and slot.stage_started_at is not None:
            slot.stage_started_at += away  # a paused follow-up or clarify phase keeps its time
        self.state.paused_at = None
        return self._commit(now, [self._event("resumed", now)])

    def abandon(self) -> list[Event]:
        if self.is_over:
            return []
        now = self.clock()
        slot = self.current_slot
        if slot is not None and slot.outcome == "pending":
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
            stage_deadline = self.stage_deadline()
            if stage_deadline is not None:
                if now < stage_deadline:
                    break
                slot = self.current_round.slots[self.state.question_index]
                events += (self._close_clarify(stage_deadline) if slot.stage == "clarify"
                           else self._next_follow_up(stage_deadline))
                continue
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
        slot = self.current_slot
        if not forfeit or slot is None or slot.stage != "answer":
            return self.tick()  # a clarify phase or follow-up is never forfeited: it just runs on
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
        events = [self._event("question_started", at)]
        if slot.clarified and slot.stage == "answer" and slot.answer_ended_at is None:
            slot.stage, slot.stage_started_at = "clarify", at
            events.append(self._event("clarify_started", at))
        return events

    def _close_clarify(self, at: datetime) -> list[Event]:
        """The design starts: its own clock starts now, and the round's was stopped meanwhile."""
        slot = self.current_round.slots[self.state.question_index]
        assert slot.stage_started_at is not None
        self.current_round.paused_s += (at - slot.stage_started_at).total_seconds()
        slot.stage, slot.stage_started_at, slot.started_at = "answer", None, at
        return [self._event("clarify_ended", at)]

    def _next_follow_up(self, at: datetime) -> list[Event]:
        slot = self.current_round.slots[self.state.question_index]
        turn = slot.follow_ups[slot.follow_up_index]
        answered = turn.model_copy(update={"answered": bool(turn.answer.strip())})
        slot.follow_ups[slot.follow_up_index] = answered
        slot.follow_up_index += 1
        events = [self._event("follow_up_answered", at)]
        if slot.follow_up_index < len(slot.follow_ups):
            slot.stage_started_at = at
            return [*events, self._event("follow_up_started", at)]
        assert slot.answer_ended_at is not None
        self.current_round.paused_s += (at - slot.answer_ended_at).total_seconds()
        slot.stage, slot.stage_started_at = "answer", None
        events += self._advance(at)
        slot.ended_at = slot.answer_ended_at  # the answer's own time, not the follow-ups'
        return events

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
        if slot.outcome != "unanswered" and outcome != "forfeited" and self.interviewer is not None:
            slot.follow_ups = self.interviewer(slot)
            if slot.follow_ups:
                slot.stage, slot.stage_started_at, slot.answer_ended_at = "follow_up", at, at
                slot.follow_up_index = 0
                return [*events, self._event("follow_up_started", at)]
        return events + self._advance(at)

    def _advance(self, at: datetime) -> list[Event]:
        """The next question, or the end of the round (and of the mock)."""
        events: list[Event] = []
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
