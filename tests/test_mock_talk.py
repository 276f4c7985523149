"""The interviewer in a live conversation (interview.mock.talk), against fake servers on 127.0.0.1.

The LLM writes the follow-up, answers clarifying questions from the facts only and grades
follow-up answers; a slow, capped, inventive or broken model leaves the offline
interviewer in charge with a one-line notice.
"""

from __future__ import annotations

import json
import random
import socket
import time
from datetime import date
from typing import Any

import pytest

from interview.bank.cache import load_bank
from interview.bank.loader import Bank
from interview.bank.models import SystemDesignQuestion
from interview.config import LLMSettings
from interview.grading.llm.usage import SpendLedger
from interview.grading.rubric import score_answer
from interview.interviewer import clarify, followups
from interview.interviewer.breaker import Breaker
from interview.interviewer.models import FollowUpTurn
from interview.mock.engine import MockEngine, Phase
from interview.mock.session import MockSessions
from interview.mock.talk import Talk, instant_grade
from interview.mock.templates import MockTemplate, RoundSpec
from interview.paths import Paths
from interview.progress.store import Store
from tests.fake_llm import FakeServer, Scripted, local_settings, openai_stream
from tests.test_mock_engine import FakeClock


@pytest.fixture
def bank(paths: Paths) -> Bank:
    bank = load_bank(paths)
    clarify.use_bank_facts(bank)
    return bank


def reply(data: dict[str, Any]) -> Scripted:
    return Scripted(events=openai_stream(json.dumps(data)))


def gateway(bank: Bank) -> SystemDesignQuestion:
    question = bank.get("sd.llm-gateway")
    assert isinstance(question, SystemDesignQuestion)
    return question


async def test_clarifying_answers_come_from_the_facts_and_an_invented_number_is_refused(
        bank: Bank, server: FakeServer, paths: Paths) -> None:
    notes: list[str] = []
    talk = Talk(local_settings(server), paths, notify=notes.append)
    question = gateway(bank)
    server.replies.append(reply({"fact_ids": ["latency-overhead"], "reply": "Up to 20 ms at p99."}))
    told = await talk.ask(question, "How much latency may the gateway add?")
    assert told.source == "llm" and told.fact_ids == ["latency-overhead"] and not notes
    asked = "How many teams share the gateway, and what is each one's budget?"
    server.replies.append(reply({"fact_ids": [], "reply": "Forty teams, $5,000 a month each."}))
    refused = await talk.ask(question, asked)
    assert refused == clarify.ask(question, asked)  # the offline matcher's reply, not the invented one
    assert "5,000" not in refused.reply and "5000" not in refused.reply
    assert len(notes) == 1 and "offline interviewer" in notes[0]
    assert talk.online  # a refused reply is one bad reply: the model is asked again next time


async def test_a_model_slower_than_the_limit_hands_over_to_the_offline_interviewer_for_the_session(
        bank: Bank, server: FakeServer, paths: Paths) -> None:
    notes: list[str] = []
    talk = Talk(local_settings(server), paths, notify=notes.append, timeout_s=0.3)
    question = gateway(bank)
    server.replies.append(Scripted(hang=True))
    asked = "What latency budget do we have?"
    turn = await talk.ask(question, asked)
    assert turn == clarify.ask(question, asked) and talk.offline
    assert notes == ["The LLM interviewer took over 0.3 s; the offline interviewer carries on, and the model "
                     "is tried again in 3 min or when the LLM settings change."]
    sent = len(server.requests)  # 1, or 0 on a loaded machine where the cut-off came before the connect
    again = await talk.ask(question, "Do callers stream?")  # no second wait: nothing is sent
    assert again.source == "offline" and len(server.requests) == sent <= 1 and len(notes) == 1


async def test_one_breaker_per_session_a_hung_server_costs_its_cut_off_once_across_screens(
        bank: Bank, server: FakeServer, paths: Paths) -> None:
    """Each screen builds its own Talk; the app's breaker is shared, so the second screen never waits."""
    now = [1000.0]
    breaker = Breaker(retry_after_s=180, clock=lambda: now[0])
    notes: list[str] = []
    question = gateway(bank)
    server.replies.append(Scripted(hang=True))
    clarify_screen = Talk(local_settings(server), paths, notify=notes.append, timeout_s=1.0, breaker=breaker)
    await clarify_screen.ask(question, "What latency budget do we have?")
    sent = len(server.requests)
    follow_up_screen = Talk(local_settings(server), paths, notify=notes.append, timeout_s=1.0,
                            breaker=breaker)
    basics = bank.get("ml.bias-variance-tradeoff")
    result = instant_grade(basics, "Bias is underfitting.")
    started = time.monotonic()
    turns = await follow_up_screen.follow_ups(basics, "Bias is underfitting.", result, 2)
    assert time.monotonic() - started < 1.0 and turns and turns[0].kind != "llm"
    assert follow_up_screen.offline and len(server.requests) == sent and len(notes) == 1
    now[0] += 181  # a few minutes later the model is worth one more try
    server.replies.append(reply({"fact_ids": ["latency-overhead"], "reply": "Up to 20 ms at p99."}))
    assert follow_up_screen.online
    assert (await follow_up_screen.ask(question, "How much latency may it add?")).source == "llm"


async def test_an_unreachable_server_opens_the_breaker_and_new_settings_close_it(
        bank: Bank, server: FakeServer, paths: Paths) -> None:
    notes: list[str] = []
    with socket.socket() as probe:  # a port nothing listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    breaker = Breaker()
    down = LLMSettings(provider="openai-compatible", model="local-test", base_url=f"http://127.0.0.1:{dead}/v1",
                       timeout_s=5)
    question = gateway(bank)
    talk = Talk(down, paths, notify=notes.append, breaker=breaker)
    asked = "What latency budget do we have?"
    assert await talk.ask(question, asked) == clarify.ask(question, asked)
    assert talk.offline and len(notes) == 1 and "tried again in 3 min" in notes[0]
    assert notes[0].count("\n") == 0
    await talk.ask(question, "Do callers stream?")
    assert len(notes) == 1  # skipped at once, without a second notice
    # The user fixes the URL in Settings: the new settings get their own chance at once.
    fixed = Talk(local_settings(server), paths, notify=notes.append, breaker=breaker)
    server.replies.append(reply({"fact_ids": ["latency-overhead"], "reply": "Up to 20 ms at p99."}))
    assert fixed.online and (await fixed.ask(question, asked)).source == "llm"


async def test_follow_ups_are_written_from_the_answer_and_graded_by_the_model(
        bank: Bank, server: FakeServer, paths: Paths) -> None:
    talk = Talk(local_settings(server), paths)
    question = bank.get("ml.bias-variance-tradeoff")
    answer = "Bias is underfitting and variance is overfitting."
    result = instant_grade(question, answer)
    written = {"text": "You said variance is overfitting: how would you cut it without more data?",
               "probes": "remedies", "why": "remedies were missing",
               "key_points": ["regularisation", "bagging"]}
    server.replies.append(reply(written))
    turns = await talk.follow_ups(question, answer, result, 2)
    assert turns[0].kind == "llm" and turns[0].probes == "remedies" and len(turns) == 2
    assert answer in server.requests[0]["messages"][1]["content"]
    server.replies.append(reply({"score": 64, "found": ["regularisation"], "missing": ["bagging"],
                                 "verdict": "Half of it."}))
    graded = await talk.grade(question, turns[0], "Add L2 regularisation.")
    assert graded.score == 64 and graded.grader == "llm (local-test)"
    assert await talk.grade(question, turns[0], "Add L2 regularisation.") == graded  # cached
    assert len(server.requests) == 2


async def test_over_the_cost_cap_nothing_is_sent_and_the_notice_is_shown_once(
        bank: Bank, server: FakeServer, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-a-real-key")
    SpendLedger(paths.home / "llm-spend.json").add(date.today(), 2.0)
    notes: list[str] = []
    talk = Talk(LLMSettings(provider="anthropic", base_url=server.url, timeout_s=5, daily_cost_cap_usd=1.0),
                paths, notify=notes.append)
    question = bank.get("ml.bias-variance-tradeoff")
    turn = followups.choose(question, score_answer(question, "Bias is underfitting."))[0]
    first = await talk.grade(question, turn, "Regularise.")
    second = await talk.grade(question, turn, "Use bagging.")
    assert first.grader == second.grader == "rubric" and not server.requests
    assert len(notes) == 1 and "cap" in notes[0]


async def test_a_reply_cut_off_by_the_limit_still_counts_its_prompt_against_the_cap(
        bank: Bank, server: FakeServer, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    """The request went out before the 10 s cut-off, so the provider bills its prompt."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-a-real-key")
    talk = Talk(LLMSettings(provider="anthropic", base_url=server.url, timeout_s=5), paths, timeout_s=0.3)
    server.replies.append(Scripted(hang=True))
    question = gateway(bank)
    await talk.ask(question, "What latency budget do we have?")
    assert talk.offline and len(server.requests) == 1
    assert SpendLedger(paths.home / "llm-spend.json").spent(date.today()) > 0


async def test_off_is_the_offline_interviewer_without_a_word(bank: Bank, paths: Paths) -> None:
    notes: list[str] = []
    talk = Talk(LLMSettings(), paths, notify=notes.append)
    question = gateway(bank)
    assert not talk.online
    assert await talk.ask(question, "What is the budget?") == clarify.ask(question, "What is the budget?")
    assert not notes


def test_the_llm_follow_ups_replace_the_plan_only_before_the_candidate_starts() -> None:
    clock = FakeClock()
    offline = [FollowUpTurn(text=f"why {i}?", ref=f"bank:{i}") for i in range(2)]
    tpl = MockTemplate(id="t", name="t", rounds=(RoundSpec(category="ml_theory", questions=1, minutes=10),))
    engine = MockEngine.create(tpl, [[("ml.a", 10)]], clock=clock, interviewer=lambda slot: list(offline))
    engine.start()
    engine.submit("my answer")
    clock.advance(8)  # the interviewer was thinking
    written = [FollowUpTurn(text="You said X: why?", ref="llm", kind="llm"), offline[1]]
    assert engine.adapt_follow_ups(written)
    slot = engine.current_slot
    assert slot is not None and slot.current_follow_up == written[0]
    assert engine.stage_remaining_s() == engine.state.follow_up_s  # the wait did not cost the candidate
    engine.update_answer("I started typing")
    assert not engine.adapt_follow_ups(offline) and slot.follow_ups[0].text == "You said X: why?"
    engine.submit()
    assert not engine.adapt_follow_ups(offline)  # the second follow-up is open: too late


async def test_a_finished_mock_has_its_follow_ups_graded_by_the_model(
        bank: Bank, server: FakeServer, paths: Paths) -> None:
    clock = FakeClock()
    tpl = MockTemplate(id="sd", name="Design", rounds=(RoundSpec(category="system_design", questions=1,
                                                                 minutes=45),))
    question = gateway(bank)
    with Store.open(paths) as store:
        sessions = MockSessions(store, bank, clock=clock, follow_ups=2)
        sessions.new(tpl, rng=random.Random(3))
        engine = MockEngine.create(tpl, [[(question.id, question.minutes)]], clock=clock,
                                   persist=sessions._persist, interviewer=sessions.plan_follow_ups)
        engine.start()
        clock.advance(600)
        engine.submit("One gateway in front of all providers, with rate limits per team, a cache and retries "
                      "with backoff.")
        slot = engine.current_slot
        assert slot is not None
        asked = len(slot.follow_ups)
        engine.submit("Retry with backoff, then a circuit breaker and a fallback provider.")
        while engine.phase == Phase.in_question:
            engine.submit("")  # the rest left blank: the offline scorer gives them nothing
        server.replies.append(reply({"score": 81, "found": ["backoff"], "missing": [], "verdict": "Solid."}))
        await sessions.finish(engine, talk=Talk(local_settings(server), paths))
        (attempt,) = store.attempts(mode="mock")
    transcript = attempt.transcript
    assert transcript is not None and len(transcript.follow_ups) == asked >= 2
    first, *rest = transcript.follow_ups
    assert first.grader == "llm (local-test)" and first.score == 81
    assert all(t.grader != "llm (local-test)" and t.score == 0 for t in rest)
    assert len(server.requests) == 1  # blank answers are not sent
