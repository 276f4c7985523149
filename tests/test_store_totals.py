"""The store's running totals: always what a recount of the rows gives, or rebuilt."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

import pytest
from test_progress_factory import NOW, make_attempt
from test_progress_summary import small_bank

from interview.grading.models import GradeResult
from interview.interviewer.models import Transcript
from interview.paths import Paths
from interview.progress.mastery import build_model
from interview.progress.models import Attempt
from interview.progress.store import TOTALS_FILE, Store
from interview.progress.summary import build_summary
from interview.progress.totals import HistoryTotals

QUESTIONS = [("coding.a", "coding", ("arrays_hashing",)), ("coding.b", "coding", ("dynamic_programming",)),
             ("ml.cal1", "ml_theory", ("calibration",)),
             ("ml.cal2", "ml_theory", ("calibration", "evaluation_metrics")),
             ("sd.rag", "system_design", ("rag",)), ("beh.conf", "behavioural", ("conflict",))]


def _attempt(rng: random.Random, at_days: float) -> Attempt:
    question_id, category, topics = rng.choice(QUESTIONS)
    return make_attempt(question_id, category=category, topics=topics, score=rng.randrange(0, 101),
                        dimensions={rng.choice(("fundamentals", "correctness", "trade_offs")): rng.random()},
                        hints=rng.choice((0, 0, 1, 2)), taken_s=rng.choice((600.0, 2000.0)),
                        at=NOW - timedelta(days=at_days))


def _recounted(store: Store) -> dict[str, object]:
    return HistoryTotals.from_rows(store.rows()).to_json()


def _same_figures(store: Store) -> None:
    """The kept totals are the recount, to the bit, and so are the model and the summary."""
    assert store.totals().to_json() == _recounted(store)
    now = NOW.timestamp()
    assert store.totals().model(now) == build_model(store.rows(), now)
    kept = build_summary(small_bank(), store, NOW)
    store._totals = HistoryTotals.from_rows(store.rows())
    assert kept == build_summary(small_bank(), store, NOW)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_totals_equal_a_recount_after_random_records_ratings_rescores_and_reopens(
        paths: Paths, seed: int) -> None:
    rng = random.Random(seed)
    day = 400.0
    store = Store.open(paths)
    try:
        for _ in range(60):
            action = rng.random()
            if action < 0.55 or not store.rows():
                day -= rng.random() * 3  # mostly in time order…
                batch = [_attempt(rng, day + rng.random() * 0.01) for _ in range(rng.choice((1, 1, 3)))]
                store.record_attempts(sorted(batch, key=lambda a: a.finished_at))
            elif action < 0.65:  # …sometimes older than what is already there (as an import brings)
                store.record_attempt(_attempt(rng, day + rng.random() * 100))
            elif action < 0.8:
                row = rng.choice(store.rows())
                store.rate_attempt(row["id"], rng.choice(("easy", "good", "hard", None)))
            elif action < 0.9:
                row = rng.choice(store.rows())
                result = GradeResult(question_id=row["q"], category=row["c"], score=rng.randrange(101))
                store.attach_transcript(row["id"], Transcript(), result)
            else:
                store.close()
                store = Store.open(paths)
            _same_figures(store)
    finally:
        store.close()


def _history(paths: Paths, count: int = 30) -> None:
    rng = random.Random(5)
    with Store.open(paths) as store:
        store.record_attempts([_attempt(rng, 60 - n) for n in range(count)])
        build_summary(small_bank(), store, NOW)  # caches the cards too


def test_home_figures_come_from_the_kept_totals_without_reading_the_rows(
        paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    _history(paths)
    with Store.open(paths) as store:
        expected = build_summary(small_bank(), store, NOW)

    def no_rows(self: Store) -> None:
        raise AssertionError("the rows were read")

    monkeypatch.setattr(Store, "rows", no_rows)
    with Store.open(paths) as store:
        assert build_summary(small_bank(), store, NOW) == expected


def _changed_behind_the_totals(paths: Paths) -> None:
    """What another program (or an older interview) might do: rewrite a score in an index file."""
    index = sorted((paths.store_dir / "segments").glob("index-*.json"))[0]
    data = json.loads(index.read_bytes())
    first = next(iter(data["rows"].values()))
    first["s"] = 100.0 - first["s"]
    index.write_text(json.dumps(data))


@pytest.mark.parametrize("change", [
    _changed_behind_the_totals,
    lambda paths: (paths.store_dir / TOTALS_FILE).write_text("{not json"),
    lambda paths: (paths.store_dir / TOTALS_FILE).write_text(json.dumps(
        {**json.loads((paths.store_dir / TOTALS_FILE).read_bytes()), "format": [0]})),
    lambda paths: (paths.store_dir / TOTALS_FILE).unlink(),
], ids=["segment rewritten", "damaged", "older format", "missing"])
def test_stale_or_damaged_totals_are_rebuilt_never_used(paths: Paths, change: object) -> None:
    _history(paths)
    change(paths)  # type: ignore[operator]
    with Store.open(paths) as store:
        _same_figures(store)
    with Store.open(paths, read_only=True) as reader:  # the rebuilt totals were saved and match
        assert reader._saved_totals() is not None


def test_a_reader_rebuilds_stale_totals_in_memory_and_writes_nothing(paths: Paths) -> None:
    _history(paths)
    _changed_behind_the_totals(paths)
    before = (paths.store_dir / TOTALS_FILE).read_bytes()
    with Store.open(paths, read_only=True) as reader:
        _same_figures(reader)
    assert (paths.store_dir / TOTALS_FILE).read_bytes() == before


def test_an_import_of_older_attempts_is_counted_in_time_order(paths: Paths, tmp_path: Path) -> None:
    rng = random.Random(8)
    other = Paths(tmp_path / "other").ensure()
    with Store.open(other) as store:
        store.record_attempts([_attempt(rng, 300 - n) for n in range(20)])  # all older than ours
        store.export_history(tmp_path / "export.json")
    _history(paths)
    with Store.open(paths) as store:
        store.import_history(tmp_path / "export.json")
        _same_figures(store)
        assert store.totals().count() == 50
