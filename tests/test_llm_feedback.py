"""LLM feedback through the real SDK / httpx client against fake servers on 127.0.0.1."""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

import pytest

from interview.bank.cache import load_bank
from interview.bank.models import AnyQuestion
from interview.config import LLMSettings
from interview.grading.llm import LLMUnavailable, request_feedback
from interview.grading.models import GradeResult
from interview.grading.rubric import score_answer
from interview.paths import Paths
from tests.fake_llm import FakeServer, Scripted, anthropic_error, anthropic_stream, openai_stream

DAY = date(2026, 11, 23)


@pytest.fixture
def question(paths: Paths) -> AnyQuestion:
    return load_bank(paths).get("ml.bias-variance-tradeoff")


@pytest.fixture
def answer(question: AnyQuestion) -> str:
    strong = question.example("strong")
    assert strong is not None
    return strong.answer


@pytest.fixture
def offline(question: AnyQuestion, answer: str) -> GradeResult:
    return score_answer(question, answer)


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-a-real-key")


def grade_json(question: AnyQuestion, overall: float = 82) -> str:
    return json.dumps({
        "criteria": [{"criterion_id": c.id, "score": 0.8, "justification": f"Covers {c.id}."}
                     for c in question.rubric] + [{"criterion_id": "invented", "score": 1,
                                                   "justification": "not in the rubric"}],
        "strengths": ["Clear definitions", "Good remedies"],
        "improvements": ["Mention double descent"],
        "follow_up": "How do learning curves reveal high variance?",
        "overall": overall,
    })


def anthropic(server: FakeServer, **extra: Any) -> LLMSettings:
    return LLMSettings(provider="anthropic", model="claude-haiku-5-5", base_url=server.url, timeout_s=5,
                       **extra)


async def test_anthropic_streams_structured_feedback_with_cost(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths
) -> None:
    server.replies.append(Scripted(events=anthropic_stream(grade_json(question))))
    pieces: list[str] = []
    feedback = await request_feedback(question, answer, offline, anthropic(server), paths,
                                      on_text=pieces.append, today=DAY)
    assert len(pieces) > 3 and "".join(pieces) == grade_json(question)
    assert feedback.provider == "anthropic" and feedback.model == "claude-haiku-5-5"
    assert feedback.overall == 82 and feedback.follow_up.startswith("How do learning curves")
    assert [c.criterion_id for c in feedback.criteria] == [c.id for c in question.rubric]
    assert (feedback.input_tokens, feedback.output_tokens, feedback.cache_write_tokens) == (1200, 180, 1000)
    assert feedback.cost_usd == pytest.approx((1200 * 1.0 + 180 * 5.0 + 1000 * 1.25) / 1e6)
    request = server.requests[0]
    assert request["system"][0]["cache_control"] == {"type": "ephemeral"}
    assert "Rubric" in request["system"][0]["text"] and answer.strip() not in request["system"][0]["text"]
    assert request["output_config"]["format"]["type"] == "json_schema"
    assert "temperature" not in request
    auth = server.headers[0].get("authorization", "") + server.headers[0].get("x-api-key", "")
    assert "sk-test-not-a-real-key" in auth
    spend = json.loads((paths.home / "llm-spend.json").read_text())
    assert spend == {"2026-11-23": feedback.cost_usd}
    assert "sk-test" not in (paths.home / "llm-spend.json").read_text()


async def test_identical_request_is_answered_from_the_local_cache(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths
) -> None:
    server.replies.append(Scripted(events=anthropic_stream(grade_json(question))))
    first = await request_feedback(question, answer, offline, anthropic(server), paths, today=DAY)
    again = await request_feedback(question, answer, offline, anthropic(server), paths, today=DAY)
    assert len(server.requests) == 1
    assert again.cached and again.cost_usd == 0 and again.overall == first.overall
    for cached in (paths.cache_dir / "llm").glob("*.json"):
        assert "sk-test" not in cached.read_text()


async def test_no_key_is_one_clear_line_and_no_call(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    with pytest.raises(LLMUnavailable, match="needs ANTHROPIC_API_KEY") as info:
        await request_feedback(question, answer, offline, anthropic(server), paths, today=DAY)
    assert info.value.reason == "no_key" and server.requests == []


async def test_gamed_answer_never_triggers_a_call(
    server: FakeServer, question: AnyQuestion, paths: Paths
) -> None:
    salad = "bias variance underfitting overfitting regularisation dropout bagging learning curves"
    with pytest.raises(LLMUnavailable) as info:
        await request_feedback(question, salad, score_answer(question, salad), anthropic(server), paths)
    assert info.value.reason == "not_worth" and server.requests == []


@pytest.mark.parametrize("status,kind", [(401, "authentication_error"), (403, "permission_error")])
async def test_auth_errors_disable_llm_for_the_session(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths,
    status: int, kind: str,
) -> None:
    server.replies.append(Scripted(status, anthropic_error(status, kind)))
    with pytest.raises(LLMUnavailable, match="refused the API key") as info:
        await request_feedback(question, answer, offline, anthropic(server), paths, today=DAY)
    assert info.value.disable_session and len(server.requests) == 1


async def test_rate_limit_is_retried_with_retry_after(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths
) -> None:
    limited = anthropic_error(429, "rate_limit_error")
    server.replies.append(Scripted(429, limited, headers={"retry-after": "1"}))
    server.replies.append(Scripted(events=anthropic_stream(grade_json(question))))
    start = time.monotonic()
    feedback = await request_feedback(question, answer, offline, anthropic(server), paths, today=DAY)
    assert feedback.overall == 82 and len(server.requests) == 2
    assert time.monotonic() - start >= 0.9


@pytest.mark.parametrize("status,kind", [(500, "api_error"), (529, "overloaded_error")])
async def test_server_errors_fall_back_after_bounded_retries(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths,
    status: int, kind: str,
) -> None:
    for _ in range(3):
        server.replies.append(Scripted(status, anthropic_error(status, kind), headers={"retry-after": "0"}))
    with pytest.raises(LLMUnavailable, match=f"answered {status} after retries") as info:
        await request_feedback(question, answer, offline, anthropic(server), paths, today=DAY)
    assert info.value.reason == "transient" and not info.value.disable_session
    assert len(server.requests) == 3


async def test_mid_stream_error_event_falls_back(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths
) -> None:
    server.replies.append(Scripted(events=anthropic_stream(grade_json(question), error_after=2)))
    with pytest.raises(LLMUnavailable) as info:
        await request_feedback(question, answer, offline, anthropic(server), paths, today=DAY)
    assert info.value.reason == "transient"


async def test_slow_response_times_out(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths
) -> None:
    for _ in range(3):
        server.replies.append(Scripted(events=anthropic_stream(grade_json(question)), delay_s=1.5))
    settings = anthropic(server).model_copy(update={"timeout_s": 0.3})
    start = time.monotonic()
    with pytest.raises(LLMUnavailable, match="did not answer in time"):
        await request_feedback(question, answer, offline, settings, paths, today=DAY)
    assert time.monotonic() - start < 10


async def test_malformed_output_is_retried_once_then_falls_back(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths
) -> None:
    server.replies.append(Scripted(events=anthropic_stream('{"criteria": "oops"')))
    server.replies.append(Scripted(events=anthropic_stream(grade_json(question, overall=140))))
    feedback = await request_feedback(question, answer, offline, anthropic(server), paths, today=DAY)
    assert feedback.overall == 100  # clamped
    assert feedback.input_tokens == 2400  # both calls are counted
    server.replies.append(Scripted(events=anthropic_stream("not json")))
    server.replies.append(Scripted(events=anthropic_stream("still not json")))
    with pytest.raises(LLMUnavailable, match="did not match the grading format twice"):
        await request_feedback(question, answer + " (edited)", offline, anthropic(server), paths, today=DAY)


async def test_refusal_is_reported_as_such(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths
) -> None:
    server.replies.append(Scripted(events=anthropic_stream("", stop_reason="refusal")))
    with pytest.raises(LLMUnavailable, match="declined to grade") as info:
        await request_feedback(question, answer, offline, anthropic(server), paths, today=DAY)
    assert info.value.reason == "refusal"


async def test_daily_cap_stops_paid_calls(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths
) -> None:
    server.replies.append(Scripted(events=anthropic_stream(grade_json(question))))
    settings = anthropic(server, daily_cost_cap_usd=0.001)
    await request_feedback(question, answer, offline, settings, paths, today=DAY)
    with pytest.raises(LLMUnavailable, match="spending cap") as info:
        await request_feedback(question, answer + " more", offline, settings, paths, today=DAY)
    assert info.value.reason == "cap" and len(server.requests) == 1


async def test_openai_compatible_server_streams_with_nested_schema(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths
) -> None:
    server.replies.append(Scripted(events=openai_stream(grade_json(question, overall=64))))
    settings = LLMSettings(provider="openai-compatible", model="llama3.2", base_url=server.url + "/v1")
    pieces: list[str] = []
    feedback = await request_feedback(question, answer, offline, settings, paths, on_text=pieces.append)
    assert feedback.overall == 64 and feedback.cost_usd == 0
    assert (feedback.input_tokens, feedback.output_tokens) == (900, 150)
    assert len(pieces) > 3
    body = server.requests[0]
    assert body["response_format"]["json_schema"]["schema"]["type"] == "object"
    assert body["stream"] is True and body["messages"][0]["role"] == "system"


async def test_openai_compatible_errors_both_shapes(
    server: FakeServer, question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths
) -> None:
    settings = LLMSettings(provider="openai-compatible", model="m", base_url=server.url + "/v1")
    server.replies.append(Scripted(404, {"error": {"message": "model 'm' not found", "type": "not_found"}}))
    with pytest.raises(LLMUnavailable, match="model 'm' not found") as info:
        await request_feedback(question, answer, offline, settings, paths)
    assert info.value.disable_session
    for _ in range(3):
        busy = {"object": "error", "message": "busy"}
        server.replies.append(Scripted(503, busy, headers={"retry-after": "0"}))
    with pytest.raises(LLMUnavailable, match=r"answered 503 \(busy\)"):
        await request_feedback(question, answer, offline, settings, paths)
    assert len(server.requests) == 4


async def test_unreachable_local_server_is_a_clear_notice(
    question: AnyQuestion, answer: str, offline: GradeResult, paths: Paths
) -> None:
    settings = LLMSettings(provider="openai-compatible", model="m", base_url="http://127.0.0.1:9/v1")
    with pytest.raises(LLMUnavailable, match="is the server running"):
        await request_feedback(question, answer, offline, settings, paths)


def test_cli_grade_with_llm_shows_tokens_and_cost(
    server: FakeServer, question: AnyQuestion, answer: str, paths: Paths, tmp_path: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from interview.cli import main

    paths.config_file.write_text(f'[llm]\nprovider = "anthropic"\nbase_url = "{server.url}"\n')
    server.replies.append(Scripted(events=anthropic_stream(grade_json(question))))
    answer_file = tmp_path / "answer.md"
    answer_file.write_text(answer)
    code = main(["grade", "--question", question.id, "--answer", str(answer_file), "--llm"])
    out = capsys.readouterr().out
    assert code == 0
    assert "LLM feedback — anthropic · claude-haiku-5-5" in out
    assert "1200 in / 180 out tokens" in out and "$0.0034" in out
