"""The store's API: attempts and filters, ratings, drafts, mocks, export and import."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from test_progress_factory import NOW, make_attempt

from interview.errors import UserError
from interview.paths import Paths
from interview.progress.store import SEGMENT_SIZE, Store


def test_attempts_round_trip_and_filter_newest_first(paths: Paths) -> None:
    with Store.open(paths) as store:
        a = store.record_attempt(make_attempt("coding.two-sum", at=NOW - timedelta(days=3)))
        b = store.record_attempt(make_attempt("ml.l1-vs-l2", category="ml_theory", topics=("regularisation",),
                                              at=NOW - timedelta(days=2), mode="mock"))
        c = store.record_attempt(make_attempt("coding.two-sum", at=NOW - timedelta(days=1), hints=2))
        assert [x.id for x in store.attempts()] == [c, b, a]
        assert [x.id for x in store.attempts(question_id="coding.two-sum")] == [c, a]
        assert [x.id for x in store.attempts(category="ml_theory")] == [b]
        assert [x.id for x in store.attempts(mode="mock")] == [b]
        assert [x.id for x in store.attempts(since=NOW - timedelta(days=2, hours=1))] == [c, b]
        assert [x.id for x in store.attempts(limit=1)] == [c]
        assert store.get_attempt(c).hints_used == 2
        assert store.get_attempt("nope") is None
        with pytest.raises(ValueError, match="recorded twice"):
            store.record_attempt(store.get_attempt(a))


def test_many_attempts_span_segments_and_stay_in_time_order(paths: Paths) -> None:
    count = SEGMENT_SIZE * 2 + 5
    with Store.open(paths) as store:
        # recorded out of order, as an import of an older history would be
        store.record_attempts([make_attempt(at=NOW - timedelta(hours=i)) for i in range(count)])
    with Store.open(paths) as store:
        times = [r["at"] for r in store.rows()]
        assert len(times) == count and times == sorted(times)
        assert len(list((paths.store_dir / "segments").glob("attempts-*.json"))) == 3


def test_rating_an_attempt_is_kept_and_refreshes_its_card(paths: Paths) -> None:
    with Store.open(paths) as store:
        attempt_id = store.record_attempt(make_attempt())
        store.save_cards({"coding.two-sum": {"n": 1, "at": 0.0, "card": {}}})
        store.rate_attempt(attempt_id, "easy")
        assert "coding.two-sum" not in store.cards()
        with pytest.raises(UserError, match="no attempt with id 'missing'"):
            store.rate_attempt("missing", "hard")
    with Store.open(paths) as store:
        assert store.get_attempt(attempt_id).self_rating == "easy"
        assert store.rows()[0]["r"] == "easy"


def test_drafts_are_saved_offered_back_and_deleted(paths: Paths) -> None:
    with Store.open(paths) as store:
        store.save_draft("coding.two-sum", "def f(): ...", now=NOW)
        store.save_draft("ml.l1-vs-l2", "L1 gives sparsity", now=NOW + timedelta(seconds=5))
        store.save_draft("coding.two-sum", "def f():\n    return 1", now=NOW + timedelta(seconds=10))
    with Store.open(paths) as store:  # after a restart, or a crash
        assert [d.key for d in store.drafts()] == ["coding.two-sum", "ml.l1-vs-l2"]
        draft = store.load_draft("coding.two-sum")
        assert draft.text == "def f():\n    return 1" and draft.saved_at == NOW + timedelta(seconds=10)
        store.delete_draft("coding.two-sum")
        assert store.load_draft("coding.two-sum") is None
    assert not (paths.store_dir / "segments" / "attempts-000001.json").exists()  # drafts live apart


def test_mock_sessions_are_documents(paths: Paths) -> None:
    with Store.open(paths) as store:
        store.save_mock("m1", {"template": "ml-loop", "rounds": [1]})
        store.save_mock("m2", {"template": "coding"})
        store.save_mock("m1", {"template": "ml-loop", "rounds": [1, 2]})
        assert store.load_mock("m1") == {"template": "ml-loop", "rounds": [1, 2]}
        assert store.load_mock("m3") is None
        assert list(store.mocks()) == ["m1", "m2"]


def test_export_then_import_is_idempotent(paths: Paths, tmp_path: Path) -> None:
    with Store.open(paths) as store:
        ids = store.record_attempts([make_attempt(at=NOW - timedelta(days=i)) for i in range(3)])
        store.save_mock("m1", {"template": "x"})
        store.save_draft("k", "unsent")
        assert store.export_history(tmp_path / "backup.json") == 3
    document = json.loads((tmp_path / "backup.json").read_text())
    assert document["format"] == "interview-history" and len(document["attempts"]) == 3

    other = Paths(tmp_path / "other").ensure()
    with Store.open(other) as store:
        store.record_attempt(make_attempt(at=NOW + timedelta(days=1)))
        first = store.import_history(tmp_path / "backup.json")
        second = store.import_history(tmp_path / "backup.json")
        assert (first.attempts_added, first.mocks_added, first.drafts_added) == (3, 1, 1)
        assert (second.attempts_added, second.attempts_skipped, second.mocks_added) == (0, 3, 0)
        assert {a.id for a in store.attempts()} >= set(ids) and len(store.rows()) == 4
        assert [r["at"] for r in store.rows()] == sorted(r["at"] for r in store.rows())


def test_import_names_the_bad_field_and_imports_nothing(paths: Paths, tmp_path: Path) -> None:
    good = make_attempt().model_dump(mode="json")
    bad = make_attempt().model_dump(mode="json") | {"hints_used": -1}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "interview-history", "schema": 2, "attempts": [good, bad]}))
    with Store.open(paths) as store:
        with pytest.raises(UserError, match=r"bad\.json: attempts\[1\]\.hints_used"):
            store.import_history(path)
        assert store.rows() == []
        (tmp_path / "other.json").write_text("{}")
        with pytest.raises(UserError, match="not an interview history export"):
            store.import_history(tmp_path / "other.json")


def test_llm_feedback_arriving_later_is_kept_with_the_attempt(paths: Paths) -> None:
    from interview.grading.models import LLMFeedback

    feedback = LLMFeedback(provider="anthropic", model="claude-haiku-5-5", overall=71,
                           improvements=["Name the trade-off"], input_tokens=900, cost_usd=0.002)
    with Store.open(paths) as store:
        attempt_id = store.record_attempt(make_attempt())
        store.attach_llm_feedback(attempt_id, feedback)
        with pytest.raises(UserError, match="no attempt with id 'missing'"):
            store.attach_llm_feedback("missing", feedback)
    with Store.open(paths, read_only=True) as store:
        kept = store.get_attempt(attempt_id)
    assert kept is not None and kept.result.llm == feedback
    assert kept.result.score == make_attempt().result.score
