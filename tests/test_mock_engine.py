"""The mock-interview state machine, driven by a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from interview.mock.engine import MockEngine, MockError, Phase
from interview.mock.templates import MockTemplate, RoundSpec


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def template(*rounds: tuple[str, int, int]) -> MockTemplate:
    return MockTemplate(id="t", name="Test", rounds=tuple(
        RoundSpec(category=c, questions=n, minutes=m) for c, n, m in rounds))  # type: ignore[arg-type]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def two_round_engine(clock: FakeClock, saved: list[dict[str, Any]] | None = None,
                     mode: str = "strict") -> MockEngine:
    """Round 1: two ML questions in 10 minutes (suggested 4 and 6 min); round 2: one behavioural in 5."""
    tpl = template(("ml_theory", 2, 10), ("behavioural", 1, 5))
    persist = saved.append if saved is not None else None
    return MockEngine.create(tpl, [[("ml.a", 4), ("ml.b", 6)], [("beh.c", 5)]],
                             mode=mode, clock=clock, persist=persist)  # type: ignore[arg-type]


def kinds(events: list[Any]) -> list[str]:
    return [e.kind for e in events]


def test_time_is_allotted_in_proportion_to_suggested_minutes(clock: FakeClock) -> None:
    engine = two_round_engine(clock)
    slots = engine.state.rounds[0].slots
    assert [s.allotted_s for s in slots] == [240.0, 360.0]
    engine.start()
    assert engine.question_remaining_s() == 240
    assert engine.round_remaining_s() == 600


def test_auto_submit_on_expiry_keeps_the_answer_as_it_stands(clock: FakeClock) -> None:
    engine = two_round_engine(clock)
    engine.start()
    engine.update_answer("half an answer")
    clock.advance(239)
    assert "auto_submitted" not in kinds(engine.tick())
    clock.advance(1)
    events = engine.tick()
    assert kinds(events) == ["auto_submitted", "question_started"]
    first, second = engine.state.rounds[0].slots
    assert first.outcome == "auto_submitted" and first.answer == "half an answer"
    assert first.time_used_s == 240
    assert engine.current_slot is second
    assert engine.question_remaining_s() == 360


def test_empty_answer_at_expiry_is_unanswered(clock: FakeClock) -> None:
    engine = two_round_engine(clock)
    engine.start()
    clock.advance(240)
    engine.tick()
    assert engine.state.rounds[0].slots[0].outcome == "unanswered"


def test_time_saved_is_banked_for_the_next_question(clock: FakeClock) -> None:
    engine = two_round_engine(clock)
    engine.start()
    clock.advance(60)
    engine.submit("quick answer")
    # 180 s saved on the first question are added to the second's 360 s.
    assert engine.question_remaining_s() == 540
    assert engine.round_remaining_s() == 540


def test_round_ends_when_its_time_runs_out_then_next_round(clock: FakeClock) -> None:
    engine = two_round_engine(clock)
    engine.start()
    engine.submit("a")
    clock.advance(600)
    events = engine.tick()
    assert kinds(events) == ["auto_submitted", "round_ended"]
    assert engine.phase == Phase.between_rounds
    clock.advance(3600)  # a break between rounds does not count
    engine.start_next_round()
    assert engine.phase == Phase.in_question
    assert engine.current_slot is not None and engine.current_slot.question_id == "beh.c"
    assert engine.question_remaining_s() == 300
    clock.advance(300)
    assert kinds(engine.tick()) == ["auto_submitted", "round_ended", "finished"]
    assert engine.is_over and engine.phase == Phase.finished


def test_warnings_at_five_minutes_and_one_minute(clock: FakeClock) -> None:
    engine = two_round_engine(clock)
    engine.start()
    engine.submit("a")  # second question: 600 s left
    clock.advance(299)
    assert kinds(engine.tick()) == []
    clock.advance(2)
    (warning,) = engine.tick()
    assert warning.kind == "warning" and warning.seconds_left == 299
    assert engine.tick() == []  # each warning only once
    clock.advance(240)
    (warning,) = engine.tick()
    assert warning.kind == "warning" and warning.seconds_left == 59


def test_no_five_minute_warning_for_a_short_question(clock: FakeClock) -> None:
    engine = two_round_engine(clock)
    engine.start()  # the first question has 240 s: only the 1-minute warning applies
    clock.advance(181)
    events = engine.tick()
    assert [e.seconds_left for e in events if e.kind == "warning"] == [59]


def test_strict_mode_has_no_hints_and_no_pause(clock: FakeClock) -> None:
    engine = two_round_engine(clock)
    engine.start()
    assert engine.strict and not engine.hints_allowed
    with pytest.raises(MockError, match="strict mode has no pause"):
        engine.pause()


def test_practice_mode_pause_stops_the_clock(clock: FakeClock) -> None:
    engine = two_round_engine(clock, mode="practice")
    engine.start()
    assert engine.hints_allowed
    clock.advance(100)
    engine.pause()
    clock.advance(1000)
    assert engine.tick() == []
    assert engine.question_remaining_s() == 140
    engine.resume()
    assert engine.question_remaining_s() == 140
    clock.advance(140)
    assert "auto_submitted" in kinds(engine.tick())


def test_submit_after_the_deadline_counts_as_auto_submit(clock: FakeClock) -> None:
    engine = two_round_engine(clock)
    engine.start()
    clock.advance(250)
    engine.submit("late text")
    slot = engine.state.rounds[0].slots[0]
    assert slot.outcome == "auto_submitted" and slot.answer == "late text"
    assert slot.time_used_s == 240


def test_every_transition_is_persisted(clock: FakeClock) -> None:
    saved: list[dict[str, Any]] = []
    engine = two_round_engine(clock, saved)
    engine.start()
    engine.update_answer("draft")
    count = len(saved)
    engine.save()
    assert len(saved) == count + 1 and saved[-1]["rounds"][0]["slots"][0]["answer"] == "draft"
    engine.submit()
    assert saved[-1]["question_index"] == 1


def test_resume_after_crash_counts_the_time_away(clock: FakeClock) -> None:
    saved: list[dict[str, Any]] = []
    engine = two_round_engine(clock, saved)
    engine.start()
    clock.advance(100)
    engine.update_answer("typed before the crash")
    engine.save()
    snapshot = saved[-1]
    clock.advance(200)  # the app was dead for 200 s: the first question expired at 240 s
    resumed = MockEngine.restore(snapshot, clock=clock)
    events = resumed.resume_after_restart()
    assert kinds(events)[:2] == ["auto_submitted", "question_started"]
    first = resumed.state.rounds[0].slots[0]
    assert first.answer == "typed before the crash" and first.outcome == "auto_submitted"
    # The second question started at the first's deadline (240 s), so 60 s of it are gone.
    assert resumed.question_remaining_s() == 300


def test_resume_after_a_long_absence_catches_up_every_expiry(clock: FakeClock) -> None:
    saved: list[dict[str, Any]] = []
    engine = two_round_engine(clock, saved)
    engine.start()
    clock.advance(10_000)
    resumed = MockEngine.restore(saved[-1], clock=clock)
    resumed.resume_after_restart()
    assert resumed.phase == Phase.between_rounds
    assert [s.outcome for s in resumed.state.rounds[0].slots] == ["unanswered", "unanswered"]


def test_resume_with_forfeit_gives_up_the_question_but_not_the_time(clock: FakeClock) -> None:
    saved: list[dict[str, Any]] = []
    engine = two_round_engine(clock, saved)
    engine.start()
    clock.advance(100)
    engine.save()
    clock.advance(5000)
    resumed = MockEngine.restore(saved[-1], clock=clock)
    events = resumed.resume_after_restart(forfeit=True)
    assert kinds(events) == ["forfeited", "question_started"]
    assert resumed.state.rounds[0].slots[0].outcome == "forfeited"
    # The 5000 s away do not count: the second question keeps its 360 s plus the 140 s banked.
    assert resumed.question_remaining_s() == 500
    assert resumed.state.rounds[0].slots[0].time_used_s == 100


def test_abandon_keeps_what_was_written(clock: FakeClock) -> None:
    engine = two_round_engine(clock)
    engine.start()
    engine.update_answer("something")
    engine.abandon()
    assert engine.phase == Phase.abandoned
    assert engine.state.rounds[0].slots[0].outcome == "submitted"
    with pytest.raises(MockError):
        engine.submit()


def test_actions_out_of_order_are_refused(clock: FakeClock) -> None:
    engine = two_round_engine(clock)
    with pytest.raises(MockError, match="not started"):
        engine.submit()
    engine.start()
    with pytest.raises(MockError):
        engine.start()
    with pytest.raises(MockError):
        engine.start_next_round()
