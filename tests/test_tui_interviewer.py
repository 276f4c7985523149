"""Pilot flows for the interviewer who talks back: practice follow-ups, the clarify phase, mocks."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Markdown, TextArea

from interview.app.service import default_score_text
from interview.paths import Paths
from interview.tui.screens.answer import AnswerScreen
from interview.tui.screens.feedback import FeedbackScreen
from interview.tui.screens.follow_up import FollowUpScreen
from tests.test_tui_practice import practise, running, until
from tests.tui_fakes import FakeClock, make_app, text_of

WEAK = ("Bias is the error from wrong assumptions in the model and variance is how much the model changes "
        "with the training sample. High bias means underfitting and high variance means overfitting.")


# Answers in the candidate's own words (pasting the missing points Feedback listed is capped).
OWN_WORDS = {
    "tradeoff": ("The expected test error decomposes into the squared bias, the variance and an irreducible "
                 "noise term. Making the model more complex lowers its bias but makes it vary more between "
                 "training samples, so variance goes up; we pick the capacity where the sum is lowest."),
    "remedies": ("A large gap between training and validation error means high variance, so add data or "
                 "regularise; if both errors are high the model underfits, which is high bias."),
}


async def test_a_practice_session_with_two_follow_ups(paths: Paths) -> None:
    app = make_app(paths, FakeClock())
    app.service.hooks.score_text = default_score_text  # the real scorer, so gaps are real
    async with running(app, size=(110, 36)) as pilot:
        await practise(pilot, "ml.bias-variance-tradeoff")
        answer = app.screen
        assert isinstance(answer, AnswerScreen)
        answer.editor.text = WEAK
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        feedback = app.screen
        assert "follow-up questions" in text_of(feedback.query_one("#transcript"))
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FollowUpScreen) and app.screen.planned)
        screen = app.screen
        assert isinstance(screen, FollowUpScreen) and len(screen.planned) == 2
        first = screen.planned[0]
        weakest = min(feedback.result.criteria, key=lambda c: (c.score, -c.weight))
        assert first.probes == weakest.criterion_id and first.why  # the weakest criterion it missed
        assert first.text in text_of(screen.query_one("#follow-up-text"))
        screen.query_one("#follow-up-answer", TextArea).load_text(OWN_WORDS[first.probes or ""])
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(screen.done) == 1 and not screen.busy)
        assert screen.done[0].score is not None and screen.done[0].score >= 70
        assert "Follow-up 2 of 2" in text_of(screen.query_one("#follow-up-text"))
        screen.query_one("#follow-up-answer", TextArea).load_text("I am not sure.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(screen.done) == 2 and not screen.busy)
        assert "That's all" in text_of(screen.query_one("#follow-up-text"))
        # the whole exchange reads in order above the closing line, nothing left below it
        above = text_of(screen.query_one("#asked-so-far"))
        assert first.text[:40] in above and screen.planned[1].text[:40] in above
        assert not text_of(screen.query_one("#follow-up-result")).strip()
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is feedback)
        shown = text_of(feedback.query_one("#transcript"))
        assert "Follow-up questions" in shown and first.text[:40] in shown
        (attempt,) = app.service.with_store(lambda s: s.attempts())
        assert attempt.transcript is not None and len(attempt.transcript.scored_follow_ups) == 2
        assert attempt.score == attempt.transcript.overall(attempt.result.score)
        row = app.service.with_store(lambda s: s.get_row(attempt.id))
        assert row is not None and row["s"] == attempt.score and "application" in row["d"]
        await pilot.press("f")  # asked once: the follow-ups are not offered again
        await pilot.pause()
        assert app.screen is feedback


async def test_system_design_practice_opens_with_a_clarify_phase(paths: Paths) -> None:
    from textual.widgets import Input

    from interview.tui.screens.clarify import ClarifyScreen

    clock = FakeClock()
    app = make_app(paths, clock)
    async with running(app, size=(110, 36)) as pilot:
        await practise(pilot, "sd.llm-gateway")
        await until(pilot, lambda: isinstance(app.screen, ClarifyScreen))
        clarify_screen = app.screen
        assert isinstance(clarify_screen, ClarifyScreen)
        for count, asked in enumerate(("How much latency may the gateway add?", "Which cloud do you use?")):
            clarify_screen.query_one(Input).value = asked
            await pilot.press("enter")
            await until(pilot, lambda n=count + 1: len(clarify_screen.turns) == n)
        log = text_of(clarify_screen.query_one("#clarify-log"))
        assert "20 ms" in log and "up to you" in log
        clock.advance(200)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, AnswerScreen))
        answer = app.screen
        assert isinstance(answer, AnswerScreen) and answer.transcript is not None
        assert answer.elapsed == 0  # the clarify phase is not design time
        answer.editor.text = "A gateway adding at most 20 ms at p99, with per-team rate limits and budgets."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        (attempt,) = app.service.with_store(lambda s: s.attempts())
        assert attempt.transcript is not None and attempt.transcript.clarified
        assert attempt.transcript.clarification is not None and 0 < attempt.transcript.clarification < 1
        assert "Clarifying questions" in text_of(app.screen.query_one("#transcript"))


async def submit(pilot: Pilot[None]) -> None:
    """ctrl+f in a strict mock, and yes to its confirmation."""
    from interview.tui.screens.confirm import ChoiceModal

    await pilot.press("ctrl+f")
    await until(pilot, lambda: isinstance(pilot.app.screen, ChoiceModal))
    await pilot.click("#submit")
    await until(pilot, lambda: not isinstance(pilot.app.screen, ChoiceModal))


async def test_a_mock_with_a_clarify_phase_and_follow_ups_end_to_end(paths: Paths) -> None:
    from textual.widgets import Input

    from interview.mock.templates import MockTemplate, RoundSpec
    from interview.tui.screens.mock_run import MockRunScreen, start_mock
    from interview.tui.screens.scorecard import ScorecardScreen
    from interview.tui.widgets.clarify_panel import ClarifyPanel

    clock = FakeClock()
    app = make_app(paths, clock, only=["sd.llm-gateway"])
    app.service.hooks.mock_interviewer = True
    app.service.hooks.score_text = default_score_text
    design = ("Requirements: cost attribution per team, isolate teams so batch jobs cannot starve others, "
              "low added latency (at most 20 ms at p99) and streaming. One provider-neutral API with virtual "
              "keys, model aliases, an exact-match cache. Token-bucket rate limits per team, priority "
              "classes and budgets with alerts. Retry with exponential backoff, a circuit breaker per "
              "provider and a "
              "fallback chain. Log tokens, latency and cost per request and redact PII.")
    async with running(app, size=(120, 40)) as pilot:
        tpl = MockTemplate(id="sd", name="Design only", rounds=(
            RoundSpec(category="system_design", questions=1, minutes=45),))
        app.run_worker(start_mock(app, tpl, "strict"))
        await until(pilot, lambda: isinstance(app.screen, MockRunScreen))
        screen = app.screen
        assert isinstance(screen, MockRunScreen)
        engine = screen.engine
        await until(pilot, lambda: bool(screen.query(ClarifyPanel)))
        slot = engine.current_slot
        assert slot is not None and slot.stage == "clarify" and slot.question_id == "sd.llm-gateway"
        assert "clarify" in text_of(screen.query_one("#round-left"))
        screen.query_one(Input).value = "How much latency can the gateway add?"
        await pilot.press("enter")
        await until(pilot, lambda: len(slot.clarify) == 1)
        assert "20 ms" in text_of(screen.query_one("#clarify-log"))
        clock.advance(90)
        screen.query_one(Input).value = "One API in front of every provider"  # typed, never sent
        await submit(pilot)  # start designing (strict: asked first)
        await until(pilot, lambda: screen.editor() is not None)
        assert slot.stage == "answer" and engine.round_remaining_s() == 45 * 60
        editor = screen.editor()
        assert editor is not None
        assert editor.text.startswith("One API in front of every provider")  # not lost with the box
        editor.text = design
        clock.advance(1200)
        await submit(pilot)
        await until(pilot, lambda: slot.stage == "follow_up" and screen.editor() is not None)
        assert "The interviewer follows up" in screen.query_one("#prompt", Markdown).source
        assert not screen.check_action("skip", ())  # strict: a follow-up cannot be skipped
        asked = len(slot.follow_ups)
        assert asked >= 1
        for number in range(asked):
            await until(pilot, lambda n=number: slot.follow_up_index == n and screen.editor() is not None)
            editor = screen.editor()
            assert editor is not None and not editor.is_code
            count = editor.query_one("#word-count")
            await until(pilot, lambda c=count: "aim for 20–120" in text_of(c))  # spoken, not an essay
            editor.text = ("Retry with exponential backoff, open a circuit breaker and fall back to "
                           "another provider.")
            clock.advance(60)
            await submit(pilot)
        await until(pilot, lambda: isinstance(app.screen, ScorecardScreen))
        shown = text_of(app.screen.query_one("#verdict"))
        assert "depth under follow-ups" in shown and "clarification" in shown
        (attempt,) = app.service.with_store(lambda s: s.attempts(mode="mock"))
        transcript = attempt.transcript
        assert transcript is not None and transcript.clarified and len(transcript.follow_ups) == asked
        assert transcript.clarification is not None and 0 < transcript.clarification < 1
        assert attempt.time_taken_s == 1200  # the design's own time


STORY = '''[[story]]
id = "pipeline-outage"
title = "The feature pipeline I broke"
competencies = ["failure", "ownership", "learning"]
situation = "A schema change I shipped silently nulled a feature used by the pricing model."
task = "Stop the damage and make sure it could not happen again."
action = "I rolled back within the hour, told my manager, and added a schema contract test."
result = "Prices were wrong for 40 minutes; the contract test has since caught 3 breaking changes."
'''


async def test_story_bank_suggests_checks_the_telling_and_practises_the_pitch(paths: Paths) -> None:
    from textual.widgets import Input

    from interview.tui.screens.confirm import ChoiceModal
    from interview.tui.screens.stories import StoriesScreen

    app = make_app(paths, FakeClock())
    async with running(app, size=(120, 40)) as pilot:
        app.action_stories()
        await until(pilot, lambda: isinstance(app.screen, StoriesScreen))
        screen = app.screen
        assert isinstance(screen, StoriesScreen)
        await until(pilot, lambda: bool(screen.query("#story-id")))
        screen.query_one("#story-id", Input).value = "Bad Id"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "id:" in text_of(screen.query_one("#story-problems"))
        assert not (paths.home / "stories.toml").exists()  # nothing half-valid is written
        (paths.home / "stories.toml").write_text(STORY)
        await pilot.press("escape")
        await practise(pilot, "beh.mistake-you-made")
        answer = app.screen
        assert isinstance(answer, AnswerScreen)
        assert "The feature pipeline I broke" in text_of(answer.query_one("#stories-hint"))
        answer.editor.text = ("I shipped a schema change that broke a pricing feature. I rolled back, "
                              "told my manager and added a contract test. It worked out.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.click("#pipeline-outage")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        shown = text_of(app.screen.query_one("#transcript"))
        assert "Against your story" in shown and "40" in shown
        (attempt,) = app.service.with_store(lambda s: s.attempts())
        assert attempt.transcript is not None and attempt.transcript.story_id == "pipeline-outage"
        assert any(f.startswith("story-") for f in attempt.result.flags)
        await pilot.press("escape")
        app.action_stories()
        await until(pilot, lambda: isinstance(app.screen, StoriesScreen))
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, AnswerScreen))
        assert app.screen.question.id == "pitch.about-you"


async def test_practice_clarify_turns_are_kept_as_a_draft_and_restored(paths: Paths) -> None:
    """Quit mid-phase: the questions asked come back; leave mid-design: the finished phase comes back."""
    from textual.widgets import Input

    from interview.tui.screens.clarify import ClarifyScreen
    from interview.tui.screens.confirm import ChoiceModal

    async def ask(pilot: Pilot[None], screen: ClarifyScreen, text: str) -> None:
        asked = len(screen.turns)
        screen.query_one(Input).value = text
        await pilot.press("enter")
        await until(pilot, lambda: len(screen.turns) == asked + 1)

    clock = FakeClock()
    app = make_app(paths, clock)
    async with running(app, size=(110, 36)) as pilot:
        await practise(pilot, "sd.llm-gateway")
        await until(pilot, lambda: isinstance(app.screen, ClarifyScreen))
        assert isinstance(app.screen, ClarifyScreen)
        await ask(pilot, app.screen, "How much latency may the gateway add?")
    # The app was quit in the middle of the clarify phase.
    app = make_app(paths, clock)
    async with running(app, size=(110, 36)) as pilot:
        await practise(pilot, "sd.llm-gateway")
        await until(pilot, lambda: isinstance(app.screen, ClarifyScreen))
        screen = app.screen
        assert isinstance(screen, ClarifyScreen) and len(screen.turns) == 1
        assert "20 ms" in text_of(screen.query_one("#clarify-log"))
        await ask(pilot, screen, "Do callers stream the responses?")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, AnswerScreen))
        answer = app.screen
        assert isinstance(answer, AnswerScreen)
        answer.editor.text = "A gateway adding at most 20 ms at p99."
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.click("#keep")
        await until(pilot, lambda: not any(isinstance(s, AnswerScreen) for s in app.screen_stack))
        # The draft is resumed: the design carries on with the facts it was told, no second phase.
        await practise(pilot, "sd.llm-gateway")
        answer = app.screen
        assert isinstance(answer, AnswerScreen) and answer.restored
        await until(pilot, lambda: answer.transcript is not None)
        assert answer.transcript is not None and answer.transcript.clarified
        assert [t.question for t in answer.transcript.clarify] == [
            "How much latency may the gateway add?", "Do callers stream the responses?"]
        assert "20 ms" in answer.query_one("#revealed", Markdown).source
        assert not any(isinstance(s, ClarifyScreen) for s in app.screen_stack)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        (attempt,) = app.service.with_store(lambda s: s.attempts())
        assert attempt.transcript is not None and len(attempt.transcript.clarify) == 2
        assert app.service.with_store(lambda s: s.load_draft("clarify:sd.llm-gateway")) is None
