"""A mock with the LLM interviewer, end to end in the TUI against a fake server on 127.0.0.1.

The model answers a clarifying question with an invented number (refused: the offline
reply is shown, with a notice), writes the first follow-up from the design (the
follow-up reads "thinking" until it arrives) and grades the follow-up answers when
the mock is graded.
"""

from __future__ import annotations

import json
from typing import Any

from textual.widgets import Input, Markdown

from interview.app.service import default_score_text
from interview.config import LLMSettings, Settings, save_settings
from interview.mock.templates import MockTemplate, RoundSpec
from interview.paths import Paths
from tests.fake_llm import FakeServer, Scripted, openai_stream
from tests.test_tui_interviewer import submit
from tests.test_tui_practice import running, until
from tests.tui_fakes import FakeClock, make_app

DESIGN = ("One provider-neutral API with virtual keys and an exact-match cache, token-bucket rate limits per "
          "team and budgets with alerts, retries with backoff, a circuit breaker per provider and a fallback "
          "chain; log tokens, latency and cost per request.")


def reply(data: dict[str, Any]) -> Scripted:
    return Scripted(events=openai_stream(json.dumps(data)))


async def test_a_mock_with_the_llm_interviewer(paths: Paths, server: FakeServer) -> None:
    from interview.tui.screens.mock_run import MockRunScreen, start_mock
    from interview.tui.screens.scorecard import ScorecardScreen
    from interview.tui.widgets.clarify_panel import ClarifyPanel

    save_settings(paths, Settings(llm=LLMSettings(provider="openai-compatible", model="local-test",
                                                  base_url=server.url + "/v1", timeout_s=5)))
    clock = FakeClock()
    app = make_app(paths, clock, only=["sd.llm-gateway"])
    app.service.hooks.mock_interviewer = True
    app.service.hooks.score_text = default_score_text
    async with running(app, size=(120, 40)) as pilot:
        tpl = MockTemplate(id="sd", name="Design only", rounds=(
            RoundSpec(category="system_design", questions=1, minutes=45),))
        app.run_worker(start_mock(app, tpl, "strict"))
        await until(pilot, lambda: isinstance(app.screen, MockRunScreen)
                    and bool(app.screen.query(ClarifyPanel)))
        screen = app.screen
        assert isinstance(screen, MockRunScreen)
        slot = screen.engine.current_slot
        assert slot is not None and slot.stage == "clarify"
        server.replies.append(reply({"fact_ids": ["spend"], "reply": "Spend is $600,000 a month, 12 teams."}))
        screen.query_one(Input).value = "What do we spend on LLMs each month?"
        await pilot.press("enter")
        await until(pilot, lambda: len(slot.clarify) == 1)
        told = slot.clarify[0]
        assert told.source == "offline" and "12 teams" not in told.reply and "600,000" in told.reply
        assert any("offline interviewer" in str(n.message) for n in app._notifications)
        await submit(pilot)  # start designing
        await until(pilot, lambda: slot.stage == "answer" and screen.editor() is not None)
        written = {"text": "You log cost per request: how would a team see it is about to pass its budget?",
                   "probes": "limits", "why": "budgets were thin", "key_points": ["alerts at thresholds",
                                                                                  "hard cap per team"]}
        server.replies.append(Scripted(events=openai_stream(json.dumps(written)), delay_s=0.5))
        editor = screen.editor()
        assert editor is not None
        editor.text = DESIGN
        clock.advance(900)
        await submit(pilot)

        def asked() -> bool:
            editor = screen.editor()
            return (written["text"] in prompt.source and editor is not None
                    and not editor.area.read_only)

        prompt = screen.query_one("#prompt", Markdown)
        await until(pilot, lambda: screen.thinking and "thinking" in prompt.source)  # the reply is held back
        assert not screen.check_action("submit", ())
        await until(pilot, asked)
        assert slot.follow_ups[0].kind == "llm" and slot.follow_ups[0].probes == "limits"
        for number in range(len(slot.follow_ups)):
            await until(pilot, lambda n=number: slot.follow_up_index == n and screen.editor() is not None)
            editor = screen.editor()
            assert editor is not None
            editor.text = "Alert at 80% of the budget and block at 100%, per team."
            server.replies.append(reply({"score": 77, "found": ["alerts at thresholds"], "missing": [],
                                         "verdict": "Good."}))
            clock.advance(60)
            await submit(pilot)
        await until(pilot, lambda: isinstance(app.screen, ScorecardScreen))
        await pilot.pause()  # let the new screen's Header finish mounting before the app closes
        (attempt,) = app.service.with_store(lambda s: s.attempts(mode="mock"))
    transcript = attempt.transcript
    assert transcript is not None and transcript.follow_ups[0].text == written["text"]
    assert [t.grader for t in transcript.follow_ups] == ["llm (local-test)"] * len(transcript.follow_ups)
    assert all(t.score == 77 for t in transcript.follow_ups)
