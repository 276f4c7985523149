"""The application service: one thread owns the store, so interleaved work loses no update."""

from __future__ import annotations

import asyncio
import random
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from interview.app.context import Context
from interview.app.service import AppService, Hooks
from interview.paths import Paths
from interview.progress.scheduling import _replay, by_question
from interview.progress.store import Store
from tests.test_progress_factory import make_attempt
from tests.tui_fakes import FakeClock

QUESTIONS = ("ml.bias-variance-tradeoff", "coding.two-sum", "ml.bias-variance-derivation",
             "coding.lru-cache", "beh.project-that-failed")


def seeded_service(paths: Paths, clock: FakeClock) -> tuple[AppService, list[str]]:
    ids = []
    with Store.open(paths) as store:
        for day in range(1, 7):
            for n, question_id in enumerate(QUESTIONS):
                at = clock.now - timedelta(days=day, minutes=n)
                ids.append(store.record_attempt(make_attempt(question_id, score=40.0 + 10 * n, at=at)))
    service = AppService(Context(paths), Hooks(now=clock, mock_interviewer=False))  # no follow-ups
    service.open(Context(paths).bank)
    return service, ids


async def test_ratings_and_home_refreshes_interleaved_lose_no_update(
        paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    """An 'Easy' used to be lost from the cached card when a Home refresh rebuilt the cache at the
    same moment (due 06-16 instead of 06-23).  Rate every attempt while Home refreshes, Browse reads
    best scores from another thread and drafts are saved; then every cached card must equal a fresh
    replay of the rows with their ratings, and every store call must have run on one thread."""
    clock = FakeClock()
    threads: set[str] = set()

    def recorded(method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            threads.add(threading.current_thread().name)
            return method(*args, **kwargs)

        return call

    for name in ("rows", "cards", "save_cards", "rate_attempt", "invalidate_card", "save_draft", "drafts"):
        monkeypatch.setattr(Store, name, recorded(getattr(Store, name)))
    service, ids = seeded_service(paths, clock)
    threads.clear()  # the seeding above opened the store directly; from here on only the service does
    rng = random.Random(5)
    wanted = {attempt_id: rng.choice(("easy", "good", "hard")) for attempt_id in ids}
    jobs = [service.rate(a, r) for a, r in wanted.items()]  # type: ignore[arg-type]
    jobs += [service.home() for _ in ids]
    jobs += [asyncio.to_thread(service.best_scores) for _ in range(10)]
    jobs += [asyncio.wrap_future(service.save_draft(f"practice:{q}", f"draft {q}")) for q in QUESTIONS]
    rng.shuffle(jobs)
    await asyncio.gather(*jobs)
    await service.home()

    def check(store: Store) -> None:
        rows = store.rows()
        assert {row["id"]: row["r"] for row in rows} == wanted
        cached = store.cards()
        for question_id, question_rows in by_question(rows).items():
            assert cached[question_id]["card"] == _replay(question_id, question_rows).to_dict(), question_id
        assert {d.text for d in store.drafts()} == {f"draft {q}" for q in QUESTIONS}

    service.with_store(check)
    service.close()
    assert threads == {next(iter(threads))} and next(iter(threads)).startswith("interview-store")


async def test_close_finishes_every_queued_write_before_releasing_the_lock(paths: Paths) -> None:
    service, _ = seeded_service(paths, FakeClock())
    for n in range(50):
        service.save_draft("practice:coding.two-sum", f"version {n}")
    service.close()
    with Store.open(paths) as store:  # the lock is free again
        draft = store.load_draft("practice:coding.two-sum")
    assert draft is not None and draft.text == "version 49"


async def test_finished_mocks_leave_the_file_every_autosave_rewrites(paths: Paths) -> None:
    """At 100 mocks every autosave rewrote them all (10-22 ms, growing); finished ones now move out."""
    from interview.mock.engine import Phase
    from interview.mock.templates import MockTemplate, RoundSpec

    clock = FakeClock()
    service, _ = seeded_service(paths, clock)
    rounds = (RoundSpec(category="ml_theory", questions=1, minutes=5),)
    template = MockTemplate(id="t", name="T", rounds=rounds)
    engines = []
    for _ in range(3):
        engine = await service.new_mock(template)
        engine.start()
        engine.update_answer("an answer")
        engines.append(engine)
    for engine in engines[:2]:
        clock.advance(301)
        engine.tick()
        assert engine.phase == Phase.finished
        await service.finish_mock(engine)
    live = service.with_store(lambda s: s._db("mocks.json").table("mocks").all())
    assert [d["mock_id"] for d in live] == [engines[2].state.id]
    assert len(await service.scorecards()) == 2  # still listed in History
    assert [m.id for m in await service.unfinished_mocks()] == [engines[2].state.id]
    service.close()
