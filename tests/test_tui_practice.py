"""Pilot flows for practice: Browse → Answer → Feedback, drafts, and leaving safely."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from interview.bank.models import AnyQuestion
from interview.paths import Paths
from interview.tui.app import InterviewApp
from interview.tui.screens.answer import AnswerScreen, draft_key
from interview.tui.screens.browse import BrowseScreen
from interview.tui.screens.confirm import ChoiceModal
from interview.tui.screens.feedback import FeedbackScreen
from interview.tui.screens.home import HomeScreen
from tests.tui_fakes import FakeClock, FakeGrader, make_app, text_of

SOLUTION = "def two_sum(nums, target):\n    seen = {}\n    return [0, 1]\n"

# How long a Pilot test waits for the app: generous, because a loaded 2-core CI machine can take
# seconds to start the app or grade, and a passing test never waits it out.
PATIENCE_S = 30.0


@asynccontextmanager
async def running(app: InterviewApp, size: tuple[int, int] = (100, 30)) -> AsyncIterator[Pilot[None]]:
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        yield pilot
    app.close_store()


async def wait_ready(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, InterviewApp)
    deadline = time.monotonic() + PATIENCE_S
    while not app.ready and time.monotonic() < deadline:
        await pilot.pause(0.02)
    await pilot.pause()
    assert app.ready and app.service.available


async def until(pilot: Pilot[None], condition: object) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        await pilot.pause(0.02)
    app = pilot.app
    notes = [n.message for n in app._notifications]
    raise AssertionError(f"condition never became true; screen {app.screen!r}, notifications {notes}")


def draft_text(app: InterviewApp, question: AnyQuestion) -> str | None:
    """The saved draft of a question, read on the service's store thread."""
    draft = app.service.with_store(lambda s: s.load_draft(draft_key(question)))
    return draft.text if draft is not None else None


async def practise(pilot: Pilot[None], question_id: str) -> AnyQuestion:
    """Open the answer screen on one question, as choosing it from Home or Browse does."""
    app = pilot.app
    assert isinstance(app, InterviewApp) and app.bank is not None
    question = app.bank.get(question_id)
    app.practise(question)
    # A system-design question with facts stacks its clarify phase on top of the answer screen.
    await until(pilot, lambda: any(isinstance(s, AnswerScreen) and s.question.id == question_id
                                   and s.is_mounted for s in app.screen_stack))
    await pilot.pause()
    return question


async def test_coding_question_from_browse_to_feedback(paths: Paths) -> None:
    grader = FakeGrader()
    clock = FakeClock()
    app = make_app(paths, clock, grader)
    async with running(app) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("b")
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("slash", *"two sum", "enter")
        table = app.screen.query_one("#questions", DataTable)
        assert table.row_count >= 1
        assert app.screen.current is not None and app.screen.current.id == "coding.two-sum"
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, AnswerScreen)
        assert screen.editor.text.startswith("def two_sum")  # the starter code
        screen.editor.text = SOLUTION
        await pilot.press("ctrl+r")
        await until(pilot, lambda: grader.calls)
        await pilot.pause()
        assert grader.calls[-1] == (SOLUTION, False)  # visible tests only
        results = text_of(screen.query_one("#results"))
        assert "Visible tests 5/5 passed" in results
        clock.advance(240)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        assert grader.calls[-1] == (SOLUTION, True)
        feedback = app.screen
        assert isinstance(feedback, FeedbackScreen)
        assert "Hidden 3/3" in text_of(feedback.query_one("#code"))
        [attempt] = app.service.with_store(lambda s: s.attempts())
        assert attempt.question_id == "coding.two-sum"
        assert attempt.answer == SOLUTION
        assert attempt.time_taken_s == 240
        await pilot.press("m")  # the model answer: the prose and the reference solution's code
        await pilot.pause()
        shown = feedback.query_one("#model-answer Markdown").source
        assert app.bank.get("coding.two-sum").code.solution.strip() in shown
        await pilot.press("3")
        assert app.service.with_store(lambda s: s.attempts())[0].self_rating == "easy"
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)
        await until(pilot, lambda: app.screen.best.get("coding.two-sum") == 100.0)


async def test_free_text_answer_to_rubric_feedback(paths: Paths) -> None:
    app = make_app(paths)
    async with running(app) as pilot:
        question = await practise(pilot, "ml.bias-variance-tradeoff")
        screen = app.screen
        assert isinstance(screen, AnswerScreen)
        assert not screen.check_action("run_tests", ())  # no tests for prose
        await pilot.press(*"Bias is error from wrong assumptions")
        assert "6 words" in text_of(screen.query_one("#word-count"))
        await pilot.press("ctrl+g")
        assert screen.hints_shown == 1
        assert "Hint 1." in text_of(screen.query_one("#hints"))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        feedback = app.screen
        assert len(feedback.query(".criterion")) == len(question.rubric)
        await pilot.press("m")
        assert not feedback.query_one("#model-answer").collapsed
        [attempt] = app.service.with_store(lambda s: s.attempts())
        assert attempt.hints_used == 1 and attempt.result.score == 50.0


async def test_leaving_with_text_asks_and_keeps_the_draft(paths: Paths) -> None:
    app = make_app(paths)
    async with running(app) as pilot:
        question = await practise(pilot, "ml.bias-variance-tradeoff")
        await pilot.press(*"half an answer")
        await pilot.press("escape")
        assert isinstance(app.screen, ChoiceModal)
        await pilot.click("#keep")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.service.with_store(lambda s: s.load_draft(draft_key(question))).text == "half an answer"
        await practise(pilot, question.id)
        assert app.screen.editor.text == "half an answer"
        # Discarding really discards.
        await pilot.press("escape")
        await pilot.click("#discard")
        await pilot.pause()
        assert app.service.with_store(lambda s: s.load_draft(draft_key(question))) is None


async def test_drafts_autosave_while_typing(paths: Paths) -> None:
    app = make_app(paths)
    async with running(app) as pilot:
        question = await practise(pilot, "ml.bias-variance-tradeoff")
        await pilot.press(*"typed before a crash")
        await until(pilot, lambda: draft_text(app, question) == "typed before a crash")  # no key needed


async def test_home_offers_a_draft_back_after_a_crash(paths: Paths) -> None:
    """Text left in an editor by a kill is on Home next time, and Enter opens it with the text."""
    app = make_app(paths)
    async with running(app) as pilot:
        question = await practise(pilot, "ml.bias-variance-tradeoff")
        await pilot.press(*"typed before a crash")
        await until(pilot, lambda: draft_text(app, question) == "typed before a crash")
    again = make_app(paths)
    async with running(again) as pilot:
        today = again.screen.query_one("#today", OptionList)
        await until(pilot, lambda: today.get_option_index(f"q:{question.id}") == 0)
        assert "Continue your draft" in str(today.get_option_at_index(0).prompt)
        today.focus()
        today.highlighted = 0
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(again.screen, AnswerScreen))
        assert again.screen.editor.text == "typed before a crash"


async def test_the_code_editor_keeps_and_deepens_indentation_on_enter(paths: Paths) -> None:
    app = make_app(paths)
    async with running(app) as pilot:
        await practise(pilot, "coding.two-sum")
        screen = app.screen
        screen.editor.text = ""
        await pilot.press(*"def f(xs):", "enter", *"for x in xs:", "enter", *"pass", "enter", "enter")
        await pilot.press(*"return 1")
        assert screen.editor.text == "def f(xs):\n    for x in xs:\n        pass\n        \n        return 1"


def test_a_failing_test_shows_the_exception_and_where_it_was_raised() -> None:
    from interview.grading.models import TestOutcome
    from interview.tui.widgets.test_results import outcome_line

    outcome = TestOutcome(name="large score", verdict="error", input="f(-1000)",
                          message="OverflowError: math range error\n  line 4 in f: return math.exp(-z)")
    text = outcome_line(outcome).plain
    assert "OverflowError: math range error" in text and "line 4 in f: return math.exp(-z)" in text


async def test_code_in_a_prompt_wraps_in_a_narrow_pane(paths: Paths) -> None:
    """At 80 columns the prompt pane is ~30 wide: a code line wraps instead of running off the edge."""
    from textual.widgets import Label
    from textual.widgets._markdown import MarkdownFence

    app = make_app(paths)
    async with running(app, size=(80, 24)) as pilot:
        await practise(pilot, "coding.logistic-regression-predict")
        await pilot.pause(0.2)
        fence = app.screen.query_one("#prompt").query(MarkdownFence).first()
        code = fence.query_one(Label)
        assert len(max(fence.code.splitlines(), key=len)) > fence.size.width  # it would not fit
        assert code.size.width <= fence.size.width and code.size.height > len(fence.code.splitlines())
