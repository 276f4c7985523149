"""Mocks that talk back: a clarify phase and follow-ups, each on its own clock, strict about skipping."""

from __future__ import annotations

import random

import pytest

from interview.bank.cache import load_bank
from interview.bank.loader import Bank
from interview.bank.models import SystemDesignQuestion
from interview.interviewer import clarify
from interview.interviewer.models import ClarifyTurn, FollowUpTurn
from interview.mock.engine import MockEngine, MockError, Phase, QuestionSlot
from interview.mock.session import MockSessions
from interview.mock.templates import MockTemplate, RoundSpec
from interview.paths import Paths
from interview.progress.store import Store
from tests.test_mock_engine import FakeClock, kinds, template


def two_follow_ups(slot: QuestionSlot) -> list[FollowUpTurn]:
    return [FollowUpTurn(text=f"why {i}?", ref=f"bank:{i}") for i in range(2)]


def engine_with(clock: FakeClock, mode: str = "strict", clarify_s: float = 0.0) -> MockEngine:
    tpl = template(("system_design", 2, 20))
    engine = MockEngine.create(tpl, [[("sd.a", 10), ("sd.b", 10)]], mode=mode,  # type: ignore[arg-type]
                               clock=clock, interviewer=two_follow_ups)
    for slot in engine.state.rounds[0].slots:
        slot.clarify_s = clarify_s
    return engine


def test_follow_ups_come_after_the_answer_on_their_own_clock() -> None:
    clock = FakeClock()
    engine = engine_with(clock)
    engine.start()
    clock.advance(300)
    events = engine.submit("my design")
    assert kinds(events)[-2:] == ["submitted", "follow_up_started"]
    slot = engine.current_slot
    assert slot is not None and slot.stage == "follow_up" and slot.current_follow_up is not None
    round_left = engine.round_remaining_s()
    clock.advance(60)
    assert engine.stage_remaining_s() == 60
    assert engine.round_remaining_s() == round_left  # the round's clock is shown stopped, not running
    assert kinds(engine.submit("because of latency")) == ["follow_up_answered", "follow_up_started"]
    clock.advance(200)  # the second follow-up runs out: submitted as it stood
    engine.update_answer("half a thought")
    events = engine.tick()
    assert kinds(events)[:2] == ["follow_up_answered", "question_started"]
    assert [t.answer for t in slot.follow_ups] == ["because of latency", "half a thought"]
    assert slot.time_used_s == 300  # the answer's own time, not the follow-ups'
    # The follow-ups stopped the round's clock until the second one's deadline (480 s); the 80 s
    # since then count against the next question.
    assert engine.round_remaining_s() == pytest.approx(round_left - 80)


def test_strict_mode_cannot_skip_a_follow_up_practice_mode_can() -> None:
    clock = FakeClock()
    strict = engine_with(clock)
    strict.start()
    strict.submit("answer")
    with pytest.raises(MockError, match="cannot be skipped"):
        strict.skip()
    practice = engine_with(clock, mode="practice")
    practice.start()
    practice.submit("answer")
    assert kinds(practice.skip(""))[0] == "follow_up_answered"


def test_an_unanswered_question_gets_no_follow_ups() -> None:
    clock = FakeClock()
    engine = engine_with(clock)
    engine.start()
    clock.advance(600)
    assert "follow_up_started" not in kinds(engine.tick())


def test_a_clarify_phase_opens_the_question_with_its_own_clock() -> None:
    clock = FakeClock()
    engine = engine_with(clock, clarify_s=300)
    assert kinds(engine.start())[-1] == "clarify_started"
    slot = engine.current_slot
    assert slot is not None and slot.stage == "clarify"
    clock.advance(100)
    assert engine.round_remaining_s() == 20 * 60  # stopped while clarifying, as the screen says
    assert engine.question_remaining_s() == pytest.approx(10 * 60)
    engine.ask_clarifying(ClarifyTurn(question="How many users?", reply="20 million", fact_ids=["scale"]))
    with pytest.raises(MockError):
        engine.answer_follow_up("no")
    clock.advance(250)  # the clarify clock runs out: the design starts at its deadline
    assert kinds(engine.tick()) == ["clarify_ended"]
    assert slot.stage == "answer" and len(slot.clarify) == 1
    assert engine.round_remaining_s() == pytest.approx(20 * 60 - 50)
    with pytest.raises(MockError):
        engine.ask_clarifying(ClarifyTurn(question="late?", reply=""))


def test_a_restored_engine_resumes_mid_follow_up() -> None:
    clock = FakeClock()
    engine = engine_with(clock)
    engine.start()
    engine.submit("answer")
    engine.update_answer("typing a follow-up")
    data = engine.state.model_dump(mode="json")
    restored = MockEngine.restore(data, clock=clock, interviewer=two_follow_ups)
    slot = restored.current_slot
    assert slot is not None and slot.stage == "follow_up"
    assert slot.follow_ups[0].answer == "typing a follow-up"


# ------------------------------------------------------------- with the bank


@pytest.fixture
def bank(paths: Paths) -> Bank:
    bank = load_bank(paths)
    clarify.use_bank_facts(bank)
    return bank


async def test_a_system_design_mock_records_the_conversation_and_scores_it(paths: Paths, bank: Bank) -> None:
    clock = FakeClock()
    tpl = MockTemplate(id="sd", name="Design", rounds=(RoundSpec(category="system_design", questions=1,
                                                                 minutes=45),))
    with Store.open(paths) as store:
        sessions = MockSessions(store, bank, clock=clock, follow_ups=2, clarify_s=300)
        chosen = sessions.new(tpl, rng=random.Random(3))
        assert any(s.clarify_s == 300 for s in chosen.state.rounds[0].slots) == bool(
            getattr(bank.get(chosen.state.rounds[0].slots[0].question_id), "facts", ()))
        # A one-minute round keeps most of its minute for the design: clarifying gets a quarter.
        short = MockTemplate(id="sd1", name="Short", rounds=(RoundSpec(category="system_design", questions=1,
                                                                       minutes=1),))
        slots = sessions.new(short, rng=random.Random(3)).state.rounds[0].slots
        assert [s.clarify_s for s in slots] == [15.0]  # every built-in design question has facts
        # A question with facts and written follow-ups, driven the way sessions.new sets it up.
        question = bank.get("sd.llm-gateway")
        assert isinstance(question, SystemDesignQuestion)
        engine = MockEngine.create(tpl, [[(question.id, question.minutes)]], clock=clock,
                                   persist=sessions._persist, interviewer=sessions.plan_follow_ups)
        engine.state.rounds[0].slots[0].clarify_s = 300
        engine.start()
        important = [f for f in question.facts if f.important]
        for fact in important:
            engine.ask_clarifying(clarify.ask(question, fact.asked_by[0]))
        clock.advance(120)
        engine.submit()  # start designing
        clock.advance(600)
        engine.submit(question.model_answer)
        slot = engine.current_slot
        assert slot is not None and slot.stage == "follow_up"
        asked = len(slot.follow_ups)
        while engine.phase == Phase.in_question:
            engine.submit("I do not know.")
        assert engine.phase == Phase.finished
        card = await sessions.finish(engine)
        (attempt,) = store.attempts(mode="mock")
    transcript = attempt.transcript
    assert transcript is not None and transcript.clarified and transcript.clarification == 1.0
    assert len(transcript.follow_ups) == asked >= 1
    assert transcript.scored_follow_ups and all(t.score == 0 for t in transcript.scored_follow_ups)
    assert attempt.score < attempt.result.score  # two blank follow-ups cost the exchange
    rnd = card.rounds[0]
    assert rnd.clarification == 1.0 and rnd.depth == 0.0
    assert rnd.questions[0].score == pytest.approx(attempt.score)
