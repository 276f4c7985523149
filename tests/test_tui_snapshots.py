"""One reviewed SVG snapshot per screen, at 80×24 (the smallest size the app supports).

Animations and cursor blinking are off, the clock is fake and the history is
seeded, so each picture depends only on the code.  Update with
`pytest tests/test_tui_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from interview.mock.templates import get_template
from interview.paths import Paths
from interview.tui.app import InterviewApp
from interview.tui.screens.feedback import FeedbackScreen
from interview.tui.screens.mock_run import MockRunScreen, start_mock
from interview.tui.screens.scorecard import ScorecardScreen
from tests.test_tui_mock import add_template
from tests.test_tui_practice import SOLUTION, practise, until, wait_ready
from tests.test_tui_weak_topics import seed
from tests.tui_fakes import FakeClock, make_app

Step = Callable[[Pilot[None]], Awaitable[None]]
# A fixed slice of the bank, so adding questions to the bank never changes the pictures.
BANK = ("coding.two-sum", "coding.lru-cache", "coding.stable-softmax", "ml.bias-variance-tradeoff",
        "ml.bias-variance-derivation", "ml.scaled-dot-product-attention", "sd.rag-document-qa",
        "beh.project-that-failed", "beh.why-ai-ml")


@pytest.fixture(autouse=True)
def steady(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def no_blink(pilot: Pilot[None]) -> None:
    for widget in pilot.app.screen.query("TextArea, Input"):
        assert isinstance(widget, TextArea | Input)
        widget.cursor_blink = False
    await pilot.pause()


def seeded_app(paths: Paths) -> InterviewApp:
    clock = FakeClock()
    seed(paths, clock)
    return make_app(paths, clock, only=BANK)


def snap(snap_compare: Callable[..., bool], app: InterviewApp, *steps: Step,
         size: tuple[int, int] = (80, 24)) -> bool:
    async def run_before(pilot: Pilot[None]) -> None:
        await wait_ready(pilot)
        for step in steps:
            await step(pilot)
        await pilot.pause(0.1)
        await no_blink(pilot)

    try:
        return snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        app.close_store()


def keys(*pressed: str) -> Step:
    async def step(pilot: Pilot[None]) -> None:
        await pilot.press(*pressed)
        await pilot.pause(0.1)

    return step


async def two_sum(pilot: Pilot[None]) -> None:
    await practise(pilot, "coding.two-sum")


async def submit_solution(pilot: Pilot[None]) -> None:
    app = pilot.app
    app.screen.editor.text = SOLUTION
    await pilot.press("ctrl+s")
    await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))


def test_home(snap_compare: Callable[..., bool], paths: Paths) -> None:
    assert snap(snap_compare, seeded_app(paths))


def test_home_large(snap_compare: Callable[..., bool], paths: Paths) -> None:
    assert snap(snap_compare, seeded_app(paths), size=(160, 48))


def test_browse(snap_compare: Callable[..., bool], paths: Paths) -> None:
    async def browse(pilot: Pilot[None]) -> None:
        await pilot.press("b")
        await until(pilot, lambda: bool(pilot.app.screen.best))  # best scores load in a worker

    assert snap(snap_compare, seeded_app(paths), browse)


def test_answer_coding(snap_compare: Callable[..., bool], paths: Paths) -> None:
    assert snap(snap_compare, make_app(paths, only=BANK), two_sum)


def test_answer_text_with_hint(snap_compare: Callable[..., bool], paths: Paths) -> None:
    async def prose(pilot: Pilot[None]) -> None:
        await practise(pilot, "ml.bias-variance-tradeoff")
        await pilot.press(*"Bias is error from wrong assumptions.", "ctrl+g")

    assert snap(snap_compare, make_app(paths, only=BANK), prose)


def test_feedback(snap_compare: Callable[..., bool], paths: Paths) -> None:
    assert snap(snap_compare, make_app(paths, only=BANK), two_sum, submit_solution)


def test_weak_topics(snap_compare: Callable[..., bool], paths: Paths) -> None:
    assert snap(snap_compare, seeded_app(paths), keys("w"))


def test_history(snap_compare: Callable[..., bool], paths: Paths) -> None:
    assert snap(snap_compare, seeded_app(paths), keys("y"))


def test_settings(snap_compare: Callable[..., bool], paths: Paths) -> None:
    assert snap(snap_compare, make_app(paths, only=BANK), keys("s"))


def test_help(snap_compare: Callable[..., bool], paths: Paths) -> None:
    assert snap(snap_compare, make_app(paths, only=BANK), keys("question_mark"))


def test_mock_picker(snap_compare: Callable[..., bool], paths: Paths) -> None:
    async def highlight(pilot: Pilot[None]) -> None:
        await pilot.press("m")
        await pilot.pause()
        options = pilot.app.screen.query_one("#templates", OptionList)
        options.highlighted = options.get_option_index("phone-screen")

    assert snap(snap_compare, make_app(paths, only=BANK), highlight)


async def two_round_mock(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, InterviewApp)
    app.run_worker(start_mock(app, get_template(app.context.paths, "two-rounds")))
    await until(pilot, lambda: isinstance(app.screen, MockRunScreen))
    await pilot.pause()


def test_mock_run(snap_compare: Callable[..., bool], paths: Paths) -> None:
    add_template(paths)
    assert snap(snap_compare, make_app(paths, only=BANK), two_round_mock)


def test_scorecard(snap_compare: Callable[..., bool], paths: Paths) -> None:
    add_template(paths)

    async def finish(pilot: Pilot[None]) -> None:
        app = pilot.app
        screen = app.screen
        await pilot.press(*"Variance is sensitivity to the sample.")
        while app.screen is screen:
            if screen.query_one("#between").has_class("hidden"):
                await pilot.press("ctrl+f")  # strict: asks first
                await until(pilot, lambda: bool(app.screen.query("#submit")))
                await pilot.click("#submit")
            else:
                await pilot.click("#next-round")
            await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, ScorecardScreen))

    assert snap(snap_compare, make_app(paths, only=BANK), two_round_mock, finish)
