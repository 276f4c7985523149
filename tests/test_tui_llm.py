"""LLM feedback on the feedback screen: streamed from the fake server, and its fallback."""

from __future__ import annotations

import asyncio
import json

import pytest

from interview.bank.models import AnyQuestion
from interview.config import LLMSettings, Settings, save_settings
from interview.grading.rubric import score_answer
from interview.paths import Paths
from interview.tui.app import InterviewApp
from interview.tui.screens.feedback import FeedbackScreen
from interview.tui.widgets.llm_panel import LLMPanel
from tests.fake_llm import FakeServer, Scripted, anthropic_error, anthropic_stream
from tests.test_tui_practice import practise, running, until
from tests.tui_fakes import make_app, text_of


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-a-real-key")


def llm_app(paths: Paths, server: FakeServer) -> InterviewApp:
    save_settings(paths, Settings(llm=LLMSettings(provider="anthropic", model="claude-haiku-5-5",
                                                  base_url=server.url, timeout_s=5)))
    app = make_app(paths)
    app.service.hooks.score_text = score_answer  # the real offline scorer: the LLM only reviews real scores
    return app


def grade_json(question: AnyQuestion) -> str:
    return json.dumps({
        "criteria": [{"criterion_id": c.id, "score": 0.8, "justification": f"Covers {c.id}."}
                     for c in question.rubric],
        "strengths": ["Clear definitions"], "improvements": ["Mention double descent"],
        "follow_up": "How do learning curves reveal high variance?", "overall": 82,
    })


async def submit_strong_answer(app: InterviewApp, pilot: object) -> FeedbackScreen:
    question = await practise(pilot, "ml.bias-variance-tradeoff")
    app.screen.editor.text = question.example("strong").answer
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
    return app.screen


async def test_llm_feedback_streams_beside_the_offline_score(paths: Paths, server: FakeServer) -> None:
    app = llm_app(paths, server)
    async with running(app) as pilot:
        question = app.bank.get("ml.bias-variance-tradeoff")
        server.replies.append(Scripted(events=anthropic_stream(grade_json(question))))
        screen = await submit_strong_answer(app, pilot)
        panel = screen.query_one(LLMPanel)
        await until(pilot, lambda: "from the model" in text_of(panel.query_one("#llm-status")))
        assert "82/100" in text_of(panel.query_one("#llm-status"))
        label = text_of(panel.query_one("#llm-label"))
        assert "anthropic · claude-haiku-5-5 · 1200+180 tokens · $" in label
        assert "Mention double descent" in panel.query_one("#llm-text").source
        assert screen.result.llm is not None and screen.result.llm.overall == 82
        assert len(server.requests) == 1
        stored = app.service.with_store(lambda s: s.get_attempt(screen.attempt_id))
        assert stored is not None and stored.result.llm == screen.result.llm


async def test_llm_failure_falls_back_to_the_offline_score(paths: Paths, server: FakeServer) -> None:
    app = llm_app(paths, server)
    async with running(app) as pilot:
        server.replies.append(Scripted(401, anthropic_error(401, "authentication_error")))
        screen = await submit_strong_answer(app, pilot)
        panel = screen.query_one(LLMPanel)
        await until(pilot, lambda: "offline score" in text_of(panel.query_one("#llm-status")))
        status = text_of(panel.query_one("#llm-status")).strip()
        assert status.startswith("Anthropic refused the API key") and status.count("offline score") == 1
        assert status.endswith("ANTHROPIC_API_KEY. The offline score above stands.")  # two sentences, once
        assert app.llm_disabled  # a bad key is not retried for the rest of the session
        assert "/100" in text_of(screen.query_one("#score"))
        await pilot.press("l")
        assert len(server.requests) == 1


async def test_escape_cancels_a_streaming_reply_and_a_second_escape_goes_back(
        paths: Paths, server: FakeServer) -> None:
    app = llm_app(paths, server)
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def slow_llm(*_args: object, on_text: object = None, **_kwargs: object) -> object:
        on_text("The answer covers")  # type: ignore[operator]
        started.set()
        try:
            await asyncio.Event().wait()  # a reply that never finishes
        except asyncio.CancelledError:
            cancelled.set()
            raise

    app.service.hooks.request_llm = slow_llm  # type: ignore[assignment]
    async with running(app) as pilot:
        screen = await submit_strong_answer(app, pilot)
        await until(pilot, started.is_set)
        assert screen.streaming
        await pilot.press("escape")
        await until(pilot, cancelled.is_set)
        assert app.screen is screen and not screen.streaming
        assert "Cancelled" in text_of(screen.query_one(LLMPanel).query_one("#llm-status"))
        assert "/100" in text_of(screen.query_one("#score"))  # the offline score stays
        await pilot.press("escape")
        assert app.screen is not screen
