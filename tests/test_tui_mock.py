"""Pilot flows for mocks: the clock runs out (fake clock) to the scorecard; resume after closing."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static, TabbedContent

from interview.mock.engine import Phase
from interview.mock.scorecard import Scorecard
from interview.mock.templates import MockRequest
from interview.paths import Paths
from interview.tui.app import InterviewApp
from interview.tui.screens.confirm import ChoiceModal
from interview.tui.screens.mock_picker import MockPickerScreen
from interview.tui.screens.mock_run import MockRunScreen, start_mock
from interview.tui.screens.scorecard import ScorecardScreen
from tests.test_tui_practice import running, until
from tests.tui_fakes import FakeClock, make_app, text_of

TEMPLATE = """
id = "two-rounds"
name = "Two short rounds"
[[rounds]]
category = "ml_theory"
questions = 2
minutes = 10
[[rounds]]
category = "behavioural"
questions = 1
minutes = 5
"""


def add_template(paths: Paths) -> None:
    """A user template (the data dir is where users add their own)."""
    paths.templates_dir.mkdir(parents=True, exist_ok=True)
    (paths.templates_dir / "two-rounds.toml").write_text(TEMPLATE, "utf-8")


async def begin_two_rounds(pilot: Pilot[None], app: InterviewApp, paths: Paths) -> MockRunScreen:
    """Start the user template's mock (see `add_template`) and wait for its first editor."""
    from interview.mock.templates import get_template

    app.run_worker(start_mock(app, get_template(paths, "two-rounds")))
    await until(pilot, lambda: isinstance(app.screen, MockRunScreen) and app.screen.editor())
    assert isinstance(app.screen, MockRunScreen)
    return app.screen


async def test_mock_runs_out_its_clock_to_the_scorecard(paths: Paths) -> None:
    add_template(paths)
    clock = FakeClock()
    app = make_app(paths, clock)
    async with running(app, size=(120, 40)) as pilot:
        await pilot.press("m")
        picker = app.screen
        assert isinstance(picker, MockPickerScreen)
        options = picker.query_one("#templates", OptionList)
        options.highlighted = options.get_option_index("two-rounds")
        await pilot.pause()
        assert "10 min · 2 questions" in text_of(picker.query_one("#mock-preview"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MockRunScreen))
        screen = app.screen
        assert isinstance(screen, MockRunScreen)
        engine = screen.engine
        assert not screen.check_action("hint", ())  # strict: no hints
        assert "Round 1/2" in text_of(screen.query_one("#mock-progress"))
        await pilot.press(*"variance is")
        first = engine.current_slot
        clock.advance(engine.question_remaining_s() - 20)
        await screen.tick()
        await pilot.pause()
        assert "-danger" in screen.query_one("#timer").classes  # the last seconds: red
        clock.advance(21)  # the first question's time runs out: auto-submitted as it stood
        await screen.tick()
        await pilot.pause()
        assert first.outcome == "auto_submitted" and first.answer == "variance is"
        assert engine.state.question_index == 1
        clock.advance(engine.question_remaining_s() + 1)  # the round runs out
        await screen.tick()
        await pilot.pause()
        assert engine.phase == Phase.between_rounds
        assert not screen.query_one("#between").has_class("hidden")
        await pilot.click("#next-round")
        await pilot.pause()
        assert "Round 2/2" in text_of(screen.query_one("#mock-progress"))
        await pilot.press(*"I listened first")
        await pilot.press("ctrl+s")  # muscle memory from practice: saves, never ends a question
        await pilot.pause()
        assert isinstance(app.screen, MockRunScreen) and engine.current_slot is not None
        await pilot.press("ctrl+f")  # strict: submitting asks first, and Enter keeps working
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MockRunScreen))
        assert engine.current_slot is not None
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.click("#submit")  # submitting the last question ends the mock
        await until(pilot, lambda: isinstance(app.screen, ScorecardScreen))
        card = app.screen.scorecard
        assert len(card.rounds) == 2 and card.template_id == "two-rounds"
        assert card.signal in ("Strong hire", "Hire", "Lean no hire", "No hire")
        # The second question was left empty when the round ran out: unanswered, so not an attempt.
        assert len(app.service.with_store(lambda s: s.attempts(mode="mock"))) == 2
        # The mock is in the history, and opens its scorecard again.
        await pilot.press("escape", "y")
        history = app.screen
        history.query_one(TabbedContent).active = "mocks-tab"
        await until(pilot, lambda: history.query_one("#mocks", DataTable).row_count == 1)
        history.query_one("#mocks", DataTable).focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ScorecardScreen) and app.screen.scorecard.mock_id == card.mock_id


async def test_a_mock_resumes_after_the_app_was_closed(paths: Paths) -> None:
    add_template(paths)
    clock = FakeClock()
    app = make_app(paths, clock)
    async with running(app) as pilot:
        await begin_two_rounds(pilot, app, paths)
        screen = app.screen
        await pilot.press(*"half an answer")
        clock.advance(60)
        screen.save_text_now()
        mock_id = screen.engine.state.id
        remaining = screen.engine.question_remaining_s()
    # The app is gone (closed or killed); two minutes later the user comes back.
    clock.advance(120)
    # Home offers it back.
    home_app = make_app(paths, clock)
    async with running(home_app) as pilot:
        today = home_app.screen.query_one("#today", OptionList)
        await until(pilot, lambda: today.get_option_index(f"m:{mock_id}") == 0)
        assert "choose whether the time away counts" in str(today.get_option_at_index(0).prompt)
    again = make_app(paths, clock)
    again.mock_request = MockRequest(resume_id="latest")  # as `interview mock --resume` asks
    async with running(again) as pilot:
        await pilot.pause()
        await pilot.click("#counts")  # the time away counts, as in a real interview
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, MockRunScreen)
        assert screen.engine.state.id == mock_id
        assert screen.editor().text == "half an answer"
        assert abs(screen.engine.question_remaining_s() - (remaining - 120)) < 1


async def _interrupted_mock(paths: Paths, clock: FakeClock) -> tuple[str, float]:
    """A mock left in its first question with some text, then the app closed; 2 minutes pass."""
    add_template(paths)
    app = make_app(paths, clock)
    async with running(app) as pilot:
        await begin_two_rounds(pilot, app, paths)
        await pilot.press(*"half an answer")
        clock.advance(60)
        app.screen.save_text_now()
        state = app.screen.engine.state
        mock_id, remaining = state.id, app.screen.engine.round_remaining_s()
    clock.advance(120)
    return mock_id, remaining


async def test_enter_on_the_resume_question_keeps_the_answer_and_counts_the_time(paths: Paths) -> None:
    """A reflexive Enter must take the safe choice (time counts), never forfeit the question."""
    clock = FakeClock()
    mock_id, _ = await _interrupted_mock(paths, clock)
    app = make_app(paths, clock)
    app.mock_request = MockRequest(resume_id=mock_id)
    async with running(app) as pilot:
        await until(pilot, lambda: app.screen.query("#counts"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MockRunScreen) and app.screen.editor())
        engine = app.screen.engine
        assert engine.state.question_index == 0 and engine.current_slot.outcome == "pending"
        assert app.screen.editor().text == "half an answer"


async def test_forfeiting_on_resume_gives_up_the_question_but_not_the_rounds_time(paths: Paths) -> None:
    clock = FakeClock()
    mock_id, round_left = await _interrupted_mock(paths, clock)
    app = make_app(paths, clock)
    app.mock_request = MockRequest(resume_id=mock_id)
    async with running(app) as pilot:
        await until(pilot, lambda: app.screen.query("#forfeit"))
        await pilot.click("#forfeit")
        # Forfeiting ends a question, so it asks again; Enter there goes back, never forfeits.
        await until(pilot, lambda: app.screen.query("#back"))
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query("#counts"))
        await pilot.click("#forfeit")
        await until(pilot, lambda: app.screen.query("#back"))
        await pilot.click("#forfeit")
        await until(pilot, lambda: isinstance(app.screen, MockRunScreen) and app.screen.editor())
        screen = app.screen
        engine = screen.engine
        first = engine.state.rounds[0].slots[0]
        assert first.outcome == "forfeited" and first.answer == "half an answer"
        assert engine.state.question_index == 1  # on to the next question
        assert abs(engine.round_remaining_s() - round_left) < 1  # the time away was not charged
        assert screen.editor().text == ""


async def test_a_practice_mock_pauses_its_clock_and_offers_hints(paths: Paths) -> None:
    add_template(paths)
    clock = FakeClock()
    app = make_app(paths, clock)
    async with running(app) as pilot:
        from interview.mock.templates import get_template

        app.run_worker(start_mock(app, get_template(paths, "two-rounds"), "practice"))
        await until(pilot, lambda: isinstance(app.screen, MockRunScreen) and app.screen.editor())
        screen = app.screen
        assert "practice mode" in text_of(screen.query_one("#mock-progress"))
        assert screen.check_action("hint", ()) and screen.check_action("pause", ())
        await pilot.press("ctrl+g")
        assert "Hint 1." in text_of(screen.query_one("#hints"))
        clock.advance(30)
        await pilot.press("f6")
        left = screen.engine.question_remaining_s()
        assert "paused" in text_of(screen.query_one("#round-left"))
        clock.advance(300)  # a long break
        await screen.tick()
        assert screen.engine.question_remaining_s() == left
        await pilot.press("f6")
        clock.advance(10)
        assert abs(screen.engine.question_remaining_s() - (left - 10)) < 1
        assert "paused" not in text_of(screen.query_one("#round-left"))


async def test_a_strict_mock_does_not_show_hint_or_pause(paths: Paths) -> None:
    add_template(paths)
    app = make_app(paths, FakeClock())
    async with running(app) as pilot:
        await begin_two_rounds(pilot, app, paths)
        screen = app.screen
        assert screen.check_action("hint", ()) is False and screen.check_action("pause", ()) is False
        await pilot.press("f6")
        assert screen.engine.state.paused_at is None


async def test_a_custom_mock_from_the_picker(paths: Paths) -> None:
    """Categories, counts, minutes and difficulty chosen in a form; a bad value is named, not started."""
    from textual.widgets import Input, Select

    from interview.tui.screens.custom_mock import CustomMockModal

    app = make_app(paths, FakeClock())
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("m", "c")
        await until(pilot, lambda: isinstance(app.screen, CustomMockModal))
        form = app.screen
        form.query_one("#coding-questions", Input).value = "0"
        form.query_one("#ml_theory-minutes", Input).value = "0"
        await pilot.click("#start")
        assert app.screen is form  # 0 minutes is refused, the form stays
        # named in one line inside the form, not in a toast that would cover Start
        assert "ML theory: minutes:" in text_of(form.query_one("#error"))
        assert not app._notifications
        form.query_one("#ml_theory-minutes", Input).value = "12"
        form.query_one("#behavioural-questions", Input).value = "2"
        form.query_one("#behavioural-level", Select).value = "hard"
        form.query_one("#behavioural-questions", Input).focus()
        await pilot.press("enter")  # Enter in any field starts it
        await until(pilot, lambda: isinstance(app.screen, MockRunScreen) and app.screen.editor())
        template = app.screen.engine.state.template
        assert [(r.category, r.questions, r.minutes, r.difficulty) for r in template.rounds] == [
            ("ml_theory", 2, 12, None), ("behavioural", 2, 10, "hard")]
        assert "Custom mock · Round 1/2: ML theory" in text_of(app.screen.query_one("#mock-progress"))


def onsite_scorecard() -> Scorecard:
    """An onsite-sized card: four rounds, fourteen questions, three improvements."""
    from datetime import UTC, datetime

    from interview.mock.scorecard import DimensionCard, Improvement, QuestionCard, RoundCard

    rounds = [
        RoundCard(index=i, category=category, label=label, minutes=45, score=55.0, signal="Lean no hire",
                  questions=[QuestionCard(question_id=f"q{i}{j}", title=f"{label} question {j}", topics=[],
                                          outcome="submitted", score=55.0, time_used_s=300, allotted_s=600)
                             for j in range(count)])
        for i, (category, label, count) in enumerate([
            ("coding", "Coding", 2), ("ml_theory", "ML theory", 5),
            ("system_design", "AI system design", 3), ("behavioural", "Behavioural", 4)])
    ]
    improvements = [Improvement(topic="t", dimension=None, advice=f"Improvement {n}", question_id=None,
                                question_title=None) for n in range(3)]
    return Scorecard(mock_id="m", template_id="onsite-loop", template_name="Onsite loop", mode="strict",
                     finished_at=datetime(2026, 3, 2, tzinfo=UTC), score=55.0, signal="Lean no hire",
                     rounds=rounds, improvements=improvements,
                     dimensions=[DimensionCard(dimension="communication", score=50, questions=4)])


async def test_a_long_scorecard_shows_every_round_and_what_to_improve_at_80x24(paths: Paths) -> None:
    app = make_app(paths, FakeClock())
    async with running(app, size=(80, 24)) as pilot:
        app.push_screen(ScorecardScreen(onsite_scorecard()))
        await pilot.pause(0.1)
        screen = app.screen
        improvements = screen.query_one("#improvements", OptionList)
        assert improvements.region.bottom <= screen.query_one("#scorecard").region.bottom
        overall = text_of(screen.query_one("#verdict"))
        assert all(label in overall for label in ("Coding", "ML theory", "AI system design", "Behavioural"))
        assert "question 0" not in overall  # the per-question detail comes after what to improve
        rounds = screen.query_one("#rounds", OptionList)
        assert rounds.get_option("m-1-4") and "ML theory question 4" in text_of(
            Static(rounds.get_option("m-1-4").prompt))


async def test_home_says_a_timed_out_mock_only_needs_grading(paths: Paths) -> None:
    """Every answer auto-submitted before the app closed: there is no time away to choose about."""
    from interview.mock.templates import get_template

    add_template(paths)
    clock = FakeClock()
    app = make_app(paths, clock)
    async with running(app) as pilot:
        engine = await app.service.new_mock(get_template(paths, "two-rounds"))
        engine.start()
        while engine.phase != Phase.finished:
            if engine.phase == Phase.between_rounds:
                engine.start_next_round()
            clock.advance(engine.question_remaining_s() + 1)
            engine.tick()
        await pilot.pause()
    home_app = make_app(paths, clock)
    async with running(home_app) as pilot:
        today = home_app.screen.query_one("#today", OptionList)
        await until(pilot, lambda: today.get_option_index(f"m:{engine.state.id}") == 0)
        assert "Enter grades them" in str(today.get_option_at_index(0).prompt)


async def test_enter_on_a_scorecard_question_opens_its_full_feedback(paths: Paths) -> None:
    """The docs promise a per-question breakdown: Enter on a question row opens the answer's feedback;
    a question left unanswered says there is nothing to review instead."""
    from interview.tui.screens.feedback import FeedbackScreen

    add_template(paths)
    clock = FakeClock()
    app = make_app(paths, clock)
    async with running(app, size=(120, 40)) as pilot:
        await begin_two_rounds(pilot, app, paths)
        await pilot.press(*"variance is the spread")
        await pilot.press("ctrl+f")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.click("#submit")
        await until(pilot, lambda: isinstance(app.screen, MockRunScreen))
        await pilot.press("escape")  # end the mock here: the other questions stay unanswered
        await until(pilot, lambda: bool(app.screen.query("#end")))
        await pilot.click("#end")
        await until(pilot, lambda: isinstance(app.screen, ScorecardScreen))
        scorecard = app.screen
        await until(pilot, lambda: scorecard.is_mounted and app.focused is not None)
        await pilot.pause()
        card = scorecard.scorecard
        rounds = scorecard.query_one("#rounds", OptionList)
        rounds.focus()
        await pilot.pause()
        assert app.focused is rounds
        rounds.highlighted = rounds.get_option_index(f"{card.mock_id}-0-1")
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: any("there is no answer to review" in n.message
                                       for n in app._notifications))
        assert isinstance(app.screen, ScorecardScreen)
        rounds.highlighted = rounds.get_option_index(f"{card.mock_id}-0-0")
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        feedback = app.screen
        assert feedback.answer == "variance is the spread" and feedback.attempt_id == f"{card.mock_id}-0-0"
        assert feedback.query_one("#criteria") is not None  # the rubric breakdown, not just a number
        assert not feedback.check_action("again", ())  # a mock answer is reviewed, not re-taken here
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ScorecardScreen))
