"""The soak run shared by the short test and `benchmarks/soak_tui.py`.

A Pilot session opens a question, types random keystrokes, and then at a random
point quits (ctrl+q), leaves keeping the draft, or submits, rates and maybe
quits from the feedback screen; the app is started again every iteration.
After each one, every character that was in the editor must be in the store:
as the draft when it was not submitted, as the attempt's answer (with the rating
pressed just before quitting) when it was.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

from interview.paths import Paths
from interview.progress.store import Store
from interview.tui.screens.answer import AnswerScreen, starter_text
from interview.tui.screens.feedback import FeedbackScreen
from interview.tui.screens.home import HomeScreen
from tests.test_tui_practice import practise, until, wait_ready
from tests.tui_fakes import FakeClock, make_app

QUESTIONS = ("ml.bias-variance-tradeoff", "ml.scaled-dot-product-attention", "beh.why-ai-ml",
             "coding.two-sum")
KEYS = [*string.ascii_lowercase, "space", "space", "enter", "backspace", "comma", "full_stop"]


@dataclass
class SoakReport:
    iterations: int = 0
    quits: int = 0
    submitted: int = 0
    kept: int = 0
    characters: int = 0
    drafts: dict[str, str] = field(default_factory=dict)  # what each draft must hold
    answers: list[str] = field(default_factory=list)  # every submitted answer, in order
    ratings: list[str] = field(default_factory=list)  # the rating given to each, pressed at once


async def soak(paths: Paths, iterations: int, seed: int = 13) -> SoakReport:
    rng = random.Random(seed)
    clock = FakeClock()
    report = SoakReport()
    for _ in range(iterations):
        clock.advance(60)
        await one_session(paths, clock, rng, report)
        report.iterations += 1
        check(paths, report)
    return report


async def one_session(paths: Paths, clock: FakeClock, rng: random.Random, report: SoakReport) -> None:
    """Start the app, answer one question with random keys, end in a random way, quit."""
    app = make_app(paths, clock, only=QUESTIONS)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_ready(pilot)  # the app starts every time (it raises otherwise)
        question_id = rng.choice(QUESTIONS)
        question = await practise(pilot, question_id)
        screen = app.screen
        assert isinstance(screen, AnswerScreen)
        expected = report.drafts.get(question_id, starter_text(question))
        assert screen.editor.text == expected, "the draft came back changed"
        pressed = [rng.choice(KEYS) for _ in range(rng.randint(0, 40))]
        await pilot.press(*pressed)
        report.characters += len(pressed)
        if rng.random() < 0.3:
            await pilot.pause(rng.choice((0.0, 0.3, 0.6)))  # sometimes a debounced save fires first
        text = screen.editor.text
        unsaved = bool(text.strip()) and text != starter_text(question)
        ending = rng.choice(("quit", "quit", "keep", "submit"))
        if ending == "submit" and text.strip():
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, FeedbackScreen))
            key = rng.choice("123")
            await pilot.press(key)
            report.ratings.append({"1": "hard", "2": "good", "3": "easy"}[key])
            report.answers.append(text)
            report.drafts.pop(question_id, None)
            report.submitted += 1
            if rng.random() < 0.5:
                await pilot.press("escape")
                await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        elif ending == "keep" and unsaved:
            await pilot.press("escape")
            await until(pilot, lambda: app.screen.query("#keep"))
            await pilot.click("#keep")
            await until(pilot, lambda: isinstance(app.screen, HomeScreen))
            report.drafts[question_id] = text
            report.kept += 1
        else:
            if unsaved:
                report.drafts[question_id] = text
            else:
                report.drafts.pop(question_id, None)
            report.quits += 1
        await pilot.press("ctrl+q")
        await pilot.pause()
    app.close_store()


def check(paths: Paths, report: SoakReport) -> None:
    """Every typed character is in the store: the drafts exactly, every submitted answer once."""
    with Store.open(paths, read_only=True) as store:
        drafts = {d.key.removeprefix("practice:"): d.text for d in store.drafts()}
        attempts = list(reversed(store.attempts()))
    assert drafts == report.drafts
    assert [a.answer for a in attempts] == report.answers
    assert [a.self_rating for a in attempts] == report.ratings
