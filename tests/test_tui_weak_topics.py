"""The weak-topics screen on a seeded history: the known weak topic comes first; Enter practises it."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable

from interview.paths import Paths
from interview.progress.store import Store
from interview.tui.screens.answer import AnswerScreen
from interview.tui.screens.weak_topics import WeakTopicsScreen
from tests.test_progress_factory import make_attempt
from tests.test_tui_practice import running, until
from tests.tui_fakes import FakeClock, make_app, text_of


def seed(paths: Paths, clock: FakeClock) -> None:
    """Bias–variance answered badly four times, two sum answered well four times, on six days."""
    with Store.open(paths) as store:
        for day in range(1, 5):
            at = clock.now - timedelta(days=day, hours=1)
            store.record_attempt(make_attempt(
                "ml.bias-variance-tradeoff", category="ml_theory", topics=("bias_variance",),
                score=20.0 + day, dimensions={"fundamentals": 0.2}, at=at))
            store.record_attempt(make_attempt(
                "coding.two-sum", topics=("arrays_hashing",), score=95.0,
                dimensions={"correctness": 0.95}, at=at - timedelta(days=2)))


async def test_weak_topics_on_a_seeded_history(paths: Paths) -> None:
    clock = FakeClock()
    seed(paths, clock)
    app = make_app(paths, clock)
    async with running(app) as pilot:
        await pilot.press("w")
        screen = app.screen
        assert isinstance(screen, WeakTopicsScreen)
        await until(pilot, lambda: screen.summary is not None)
        await pilot.pause()
        table = screen.query_one("#topics", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert names[0].startswith("Bias") and "Arrays and hashing" in names
        assert "8 attempts" in text_of(screen.query_one("#headline"))
        assert "Streak" in text_of(screen.query_one("#calendar"))
        # Skills (rubric dimensions) are there too, weakest first.
        dims = screen.query_one("#dimensions", DataTable)
        assert str(dims.get_row_at(0)[0]).lower().startswith("fundamentals")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AnswerScreen)
        assert "bias_variance" in app.screen.question.topics
