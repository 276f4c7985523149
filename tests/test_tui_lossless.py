"""Nothing typed is lost: quits, resumes, Again, a second window, settings chosen anywhere.

Each test is a defect a user met (issue 13) played through the app with Pilot.
"""

from __future__ import annotations

import threading

from textual.widgets import Static

from interview.bank.models import AnyQuestion
from interview.grading.models import GradeResult
from interview.paths import Paths
from interview.progress.store import Store
from interview.tui.screens.answer import AnswerScreen, starter_text
from interview.tui.screens.confirm import ChoiceModal
from interview.tui.screens.feedback import FeedbackScreen
from interview.tui.screens.mock_run import MockRunScreen, start_mock
from tests.test_tui_mock import add_template, begin_two_rounds
from tests.test_tui_practice import SOLUTION, draft_text, practise, running, until
from tests.tui_fakes import FakeClock, FakeGrader, make_app, text_of

QUESTION = "ml.bias-variance-tradeoff"


def stored_draft(paths: Paths, question_id: str = QUESTION) -> str | None:
    with Store.open(paths, read_only=True) as store:
        draft = store.load_draft(f"practice:{question_id}")
    return draft.text if draft else None


async def test_ctrl_q_right_after_typing_keeps_every_character(paths: Paths) -> None:
    """The last keystrokes before ctrl+q used to be lost (autosave ran every 3 s, quit did not save)."""
    app = make_app(paths)
    async with running(app) as pilot:
        await practise(pilot, QUESTION)
        await pilot.press(*"variance grows with model capacity")
        await pilot.press("ctrl+q")  # at once: no debounce has fired yet
        await pilot.pause()
    assert stored_draft(paths) == "variance grows with model capacity"


async def test_a_resumed_draft_opens_with_the_cursor_at_its_end(paths: Paths) -> None:
    """New text used to land before the old answer."""
    with Store.open(paths) as store:
        store.save_draft(f"practice:{QUESTION}", "Bias is error from wrong assumptions.\nVariance")
    app = make_app(paths)
    async with running(app) as pilot:
        await practise(pilot, QUESTION)
        await pilot.press(*" is sensitivity.")
        assert app.screen.editor.text == "Bias is error from wrong assumptions.\nVariance is sensitivity."


async def test_again_keeps_the_last_code_and_the_starter_is_one_key_away(paths: Paths) -> None:
    app = make_app(paths)
    async with running(app) as pilot:
        question = await practise(pilot, "coding.two-sum")
        app.screen.editor.text = SOLUTION
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AnswerScreen) and app.screen.is_mounted)
        await pilot.pause()
        editor = app.screen.editor
        assert editor.text == SOLUTION  # not the starter `pass`
        await pilot.press("ctrl+t")
        assert editor.text == starter_text(question)
        await pilot.press("ctrl+z")  # the starter was one edit: undo brings the code back
        assert editor.text == SOLUTION


async def test_a_second_window_says_not_saved_and_copies_the_answer_to_a_file(paths: Paths) -> None:
    """It used to grade answers and silently not save them."""
    with Store.open(paths):  # the first window holds the history
        app = make_app(paths)
        async with running(app) as pilot:
            assert app.service.read_only
            await practise(pilot, QUESTION)
            await pilot.press(*"an answer the history cannot keep")
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
            screen = app.screen
            assert screen.attempt_id is None
            notice = text_of(screen.query_one("#not-saved", Static))
            assert "Not saved: another window holds the history" in notice
            assert screen.check_action("copy_to_file", ())
            await pilot.press("c")
            await pilot.pause()
    [copy] = (paths.home / "unsaved").glob(f"{QUESTION}-*.md")
    assert "an answer the history cannot keep" in copy.read_text("utf-8")


async def test_a_saved_answer_offers_no_copy(paths: Paths) -> None:
    app = make_app(paths)
    async with running(app) as pilot:
        await practise(pilot, QUESTION)
        await pilot.press(*"kept in the history")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        assert not app.screen.query("#not-saved") and not app.screen.check_action("copy_to_file", ())


async def test_a_theme_chosen_in_the_command_palette_is_the_theme_of_the_next_start(paths: Paths) -> None:
    app = make_app(paths)
    async with running(app) as pilot:
        app.theme = "nord"  # what the palette's "Change theme" does
        await until(pilot, lambda: paths.config_file.exists() and "nord" in paths.config_file.read_text())
    again = make_app(paths)
    assert again.theme == "nord"


async def test_leaving_for_another_screen_saves_the_draft(paths: Paths) -> None:
    app = make_app(paths)
    async with running(app) as pilot:
        await practise(pilot, QUESTION)
        await pilot.press(*"half a thought")
        await pilot.press("f1")  # help covers the answer screen
        await until(pilot, lambda: draft_text(app, app.bank.get(QUESTION)) == "half a thought")


async def test_the_text_scorer_never_runs_on_the_event_loop(paths: Paths) -> None:
    grader = FakeGrader()
    threads: list[str] = []
    fake = grader.score_text

    def score_text(question: AnyQuestion, text: str) -> GradeResult:
        threads.append(threading.current_thread().name)
        return fake(question, text)

    grader.score_text = score_text  # type: ignore[method-assign]
    app = make_app(paths, grader=grader)
    async with running(app) as pilot:
        await practise(pilot, QUESTION)
        await pilot.press(*"an answer")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
    assert threads and threading.main_thread().name not in threads


async def test_ctrl_q_in_a_mock_keeps_the_last_keystrokes_in_the_mock(paths: Paths) -> None:
    add_template(paths)
    clock = FakeClock()
    app = make_app(paths, clock)
    async with running(app) as pilot:
        await begin_two_rounds(pilot, app, paths)
        mock_id = app.screen.engine.state.id
        await pilot.press(*"the stale text was graded")
        await pilot.press("ctrl+q")
        await pilot.pause()
    with Store.open(paths, read_only=True) as store:
        data = store.load_mock(mock_id)
    assert data is not None
    assert data["rounds"][0]["slots"][0]["answer"] == "the stale text was graded"


async def test_strict_skip_asks_first_and_visible_tests_run_in_a_mock_coding_round(paths: Paths) -> None:
    paths.templates_dir.mkdir(parents=True, exist_ok=True)
    (paths.templates_dir / "code.toml").write_text(
        'id = "code"\nname = "Code"\n[[rounds]]\ncategory = "coding"\nquestions = 2\nminutes = 30\n', "utf-8")
    grader = FakeGrader()
    app = make_app(paths, FakeClock(), grader)
    async with running(app, size=(120, 40)) as pilot:
        from interview.mock.templates import get_template

        app.run_worker(start_mock(app, get_template(paths, "code")))
        await until(pilot, lambda: isinstance(app.screen, MockRunScreen) and app.screen.editor())
        screen = app.screen
        assert screen.check_action("run_tests", ())
        await pilot.press("ctrl+r")
        await until(pilot, lambda: "Running" not in text_of(screen.query_one("#results", Static))
                    and text_of(screen.query_one("#results", Static)).strip())
        assert grader.calls and grader.calls[-1][1] is False  # visible tests only, hidden ones stay hidden
        first = screen.engine.current_slot
        await pilot.press("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("enter")  # the default keeps working
        await until(pilot, lambda: app.screen is screen)
        assert screen.engine.current_slot is first and first.outcome == "pending"


async def test_text_of_a_question_just_ended_never_lands_in_the_next_one(paths: Paths) -> None:
    """Between a question ending and the next one's editor appearing, a save or a clock tick used to
    copy the old editor's text into the new question's slot (seen as a flaky scorecard)."""
    add_template(paths)
    app = make_app(paths, FakeClock())
    async with running(app) as pilot:
        await begin_two_rounds(pilot, app, paths)
        screen = app.screen
        await pilot.press(*"first answer")
        screen.engine.submit(screen.current_editor.text)  # the engine moved on; the screen has not yet
        screen.save_text_now()
        screen._push_text()
        assert screen.engine.current_slot.answer == ""
        await screen._show_current()
        assert screen.editor() is not None and screen.editor().text == ""
