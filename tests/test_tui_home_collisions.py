"""Home never crashes on saved data: drafts, picks and mocks that name the same question."""

from __future__ import annotations

import random
import threading

from textual.widgets import OptionList, Static

from interview.app.service import DRAFT_PREFIX
from interview.paths import Paths
from interview.progress.store import Store
from interview.tui.screens.answer import AnswerScreen
from tests.test_tui_practice import running, until
from tests.test_tui_weak_topics import seed
from tests.tui_fakes import FakeClock, make_app, text_of


def _today_ids(today: OptionList) -> list[str]:
    return [today.get_option_at_index(i).id or "" for i in range(today.option_count)]


async def test_a_draft_of_the_recommended_question_is_one_row_and_the_draft_wins(paths: Paths) -> None:
    """The first session's path: p, type, Esc, keep the draft; Home then lists that question once."""
    app = make_app(paths)
    async with running(app) as pilot:
        today = app.screen.query_one("#today", OptionList)
        await until(pilot, lambda: any(i.startswith("q:") for i in _today_ids(today)))
        picked = [i for i in _today_ids(today) if i.startswith("q:")]
    with Store.open(paths) as store:
        for option_id in picked:  # every recommendation now also has a draft
            store.save_draft(DRAFT_PREFIX + option_id[2:], "half an answer")
    again = make_app(paths)
    async with running(again) as pilot:
        today = again.screen.query_one("#today", OptionList)
        await until(pilot, lambda: "Continue your draft" in str(today.get_option_at_index(0).prompt))
        ids = [i for i in _today_ids(today) if i]
        assert len(ids) == len(set(ids))
        for option_id in picked:
            index = today.get_option_index(option_id)
            assert "Continue your draft" in str(today.get_option_at_index(index).prompt)


async def test_a_panel_that_fails_to_render_says_so_in_one_line(paths: Paths, monkeypatch) -> None:
    import interview.tui.screens.home as home_screen

    def broken(*_args: object) -> None:
        raise ValueError("bad mock record")

    monkeypatch.setattr(home_screen.HomeScreen, "_fill_today", broken)
    app = make_app(paths)
    async with running(app) as pilot:
        today = app.screen.query_one("#today", OptionList)
        await until(pilot, lambda: "could not be shown" in str(today.get_option_at_index(0).prompt))
        assert "bad mock record" in str(today.get_option_at_index(0).prompt)
        assert text_of(app.screen.query_one("#stats", Static))  # the other panel still renders


def _collide_everything(paths: Paths, clock: FakeClock) -> dict[str, str]:
    """A history where drafts, mocks and attempts name the same questions in every way at once."""
    from interview.bank.cache import load_bank
    from interview.mock.engine import Phase
    from interview.mock.session import MockSessions
    from interview.mock.templates import MockTemplate, RoundSpec

    bank = load_bank(paths)
    seed(paths, clock)  # attempts on bias-variance (weak, due) and two-sum (strong)
    template = MockTemplate(id="t", name="Theory", rounds=(RoundSpec(category="ml_theory", questions=2,
                                                                     minutes=10),))
    ids: dict[str, str] = {}
    with Store.open(paths) as store:
        sessions = MockSessions(store, bank, clock=clock)
        for name in ("live", "timed-out", "abandoned-empty", "gone-question", "twin"):
            engine = sessions.new(template, rng=random.Random(1))  # the same questions every time
            engine.start()
            engine.update_answer("half an answer")
            engine.save()
            ids[name] = engine.state.id
            if name == "timed-out":
                while engine.phase != Phase.finished:
                    clock.advance(engine.question_remaining_s() + 1)
                    engine.tick()
            if name == "abandoned-empty":
                engine.update_answer("")
                engine.abandon()
            if name == "gone-question":  # its question left the bank since
                data = engine.state.model_dump(mode="json")
                data["rounds"][0]["slots"][1]["question_id"] = "ml.removed-question"
                store.save_mock(engine.state.id, data)
            ids[f"{name}-q"] = engine.state.rounds[0].slots[0].question_id
        store.save_mock("broken", {"id": "broken", "rounds": "not a list"})  # damaged from outside
        mocked = ids["live-q"]
        for question_id, text in ((mocked, "drafted in practice too"),
                                  ("ml.bias-variance-tradeoff", "a draft of the weakest, due question"),
                                  ("coding.two-sum", "def two_sum(): ..."),
                                  ("ml.removed-question", "a draft whose question left the bank"),
                                  ("coding.two-sum", "the same draft saved twice")):
            store.save_draft(DRAFT_PREFIX + question_id, text)
        store.save_draft("mock:something-else", "not a practice draft")
    return ids


async def test_home_survives_drafts_mocks_and_history_colliding_in_every_way(paths: Paths) -> None:
    """Drafts of the recommended, due, weakest and mocked questions; a draft and a mock of a question
    gone from the bank; two mocks of the same questions; a finished, a timed-out, an abandoned-empty
    and a damaged mock record; a non-practice draft: one row per thing, no crash, one notice line."""
    clock = FakeClock()
    ids = _collide_everything(paths, clock)
    app = make_app(paths, clock)
    async with running(app) as pilot:
        today = app.screen.query_one("#today", OptionList)
        await until(pilot, lambda: any(i.startswith("m:") for i in _today_ids(today)))
        shown = [i for i in _today_ids(today) if i]
        assert len(shown) == len(set(shown))  # the DuplicateID crash cannot come back
        prompts = [str(today.get_option_at_index(i).prompt) for i in range(today.option_count)]
        assert any("could not read 1 saved mock" in p for p in prompts)
        mocks = {i[2:] for i in shown if i.startswith("m:")}
        assert mocks == {ids[n] for n in ("live", "twin", "gone-question", "timed-out", "abandoned-empty")}
        drafts = [i[2:] for i in shown if i.startswith("q:")
                  if "Continue your draft" in str(today.get_option(i).prompt)]
        assert "ml.removed-question" not in drafts and len(drafts) == 3
        assert "ml.bias-variance-tradeoff" in drafts and "coding.two-sum" in drafts
        for ended in ("timed-out", "abandoned-empty"):  # ended before grading: no time away to choose
            assert "Enter grades them" in str(today.get_option(f"m:{ids[ended]}").prompt)
        assert "time away counts" in str(today.get_option(f"m:{ids['live']}").prompt)
        assert "Streak" in text_of(app.screen.query_one("#stats", Static))
        # Each row still opens what it says.
        today.focus()
        today.highlighted = today.get_option_index("q:ml.bias-variance-tradeoff")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AnswerScreen) and app.screen.is_mounted)
        assert app.screen.editor.text == "a draft of the weakest, due question"


async def test_home_never_says_no_attempts_before_the_history_has_loaded(paths: Paths) -> None:
    """With 8 attempts stored and a slow disk, Home used to flash "No attempts yet" first."""
    from interview.app.service import default_open_store

    clock = FakeClock()
    seed(paths, clock)
    app = make_app(paths, clock)
    release = threading.Event()

    def slow_open(p: Paths) -> Store:
        release.wait(5)
        return default_open_store(p)

    app.service.hooks.open_store = slow_open
    seen: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(10):
            seen.append(text_of(app.screen.query_one("#stats", Static)))
            await pilot.pause(0.02)
        release.set()
        await until(pilot, lambda: "Streak" in text_of(app.screen.query_one("#stats", Static)))
    app.close_store()
    assert not any("No attempts yet" in text for text in seen)
    assert any("Loading" in text for text in seen)
