"""The weak-area model, spaced repetition and the summary, on a seeded history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fsrs import Rating
from pydantic import TypeAdapter
from test_progress_factory import NOW, make_attempt

from interview.bank.loader import Bank
from interview.bank.models import Question
from interview.paths import Paths
from interview.progress.mastery import build_model, evidence_factor
from interview.progress.models import attempt_row
from interview.progress.scheduling import derive_rating, recommend
from interview.progress.store import Store
from interview.progress.summary import build_summary

_RUBRIC = [{"id": "main", "assesses": "the main idea", "dimension": "fundamentals"}]
_CODE = {"entry_point": "f", "signature": "def f(x)", "starter": "def f(x):\n    pass\n",
         "solution": "def f(x):\n    return x\n", "tests": [{"args": [1], "expected": 1}]}
_EXTRA = {"coding": {"code": _CODE}, "ml_theory": {"rubric": _RUBRIC},
          "system_design": {"rubric": _RUBRIC, "phases": ["architecture"]},
          "behavioural": {"rubric": _RUBRIC, "competencies": ["ownership"]}}


def _question(qid: str, category: str, topics: tuple[str, ...], difficulty: str = "medium") -> Any:
    data = {"id": qid, "title": f"Question {qid}", "category": category, "topics": list(topics),
            "difficulty": difficulty, "prompt": "Explain or implement it.", "minutes": 20,
            "model_answer": "model answer", **_EXTRA[category]}
    return TypeAdapter(Question).validate_python(data)


def small_bank() -> Bank:
    questions = [
        _question("coding.a", "coding", ("arrays_hashing",)),
        _question("coding.b", "coding", ("dynamic_programming",), "easy"),
        _question("coding.c", "coding", ("strings",), "hard"),
        _question("ml.cal1", "ml_theory", ("calibration",)),
        _question("ml.cal2", "ml_theory", ("calibration", "evaluation_metrics")),
        _question("ml.cal3", "ml_theory", ("calibration",)),
        _question("ml.reg", "ml_theory", ("regularisation",)),
        _question("sd.rag", "system_design", ("rag",)),
        _question("sd.gw", "system_design", ("llm_gateway",)),
        _question("beh.conf", "behavioural", ("conflict",)),
        _question("beh.fail", "behavioural", ("failure",)),
    ]
    return Bank(questions={q.id: q for q in questions})


SEED = [  # question, category, topics, score, dimensions, every n days
    ("coding.a", "coding", ("arrays_hashing",), 92, {"correctness": 0.95, "edge_cases": 0.85}, 2),
    ("ml.cal1", "ml_theory", ("calibration",), 30, {"fundamentals": 0.35, "intuition": 0.3}, 3),
    ("ml.cal2", "ml_theory", ("calibration", "evaluation_metrics"), 35, {"fundamentals": 0.4}, 3),
    ("ml.reg", "ml_theory", ("regularisation",), 85, {"fundamentals": 0.9, "intuition": 0.8}, 4),
    ("sd.rag", "system_design", ("rag",), 78, {"architecture": 0.95, "trade_offs": 0.15}, 3),
    ("beh.conf", "behavioural", ("conflict",), 74, {"action": 0.9, "measurable_result": 0.45}, 4),
]


@pytest.fixture
def seeded(paths: Paths) -> Paths:
    """30 days of practice ending yesterday: calibration and trade-offs are the known weak spots."""
    attempts = []
    for qid, category, topics, score, dims, every in SEED:
        for day in range(30, 0, -every):
            attempts.append(make_attempt(qid, category=category, topics=topics, score=score, dimensions=dims,
                                         at=NOW - timedelta(days=day, hours=2), feedback=f"improve {qid}"))
    with Store.open(paths) as store:
        store.record_attempts(attempts)
    return paths


def test_known_weak_topics_and_dimensions_come_out_on_top(seeded: Paths) -> None:
    with Store.open(seeded) as store:
        summary = build_summary(small_bank(), store, NOW)
    assert summary.topics[0].id == "calibration" and summary.topics[0].status == "weak"
    assert summary.topics[0].attempts == 20 and summary.topics[0].trend[-1] == 35.0
    assert summary.topics[-1].id == "arrays_hashing" and summary.topics[-1].status == "strong"
    assert [d.id for d in summary.dimensions[:2]] == ["trade_offs", "measurable_result"]
    assert {a.id for a in summary.weak_areas} >= {"calibration", "trade_offs"}
    ml = next(c for c in summary.categories if c.category == "ml_theory")
    assert ml.weakest_topics[0].id == "calibration"
    assert ml.weakest_dimensions[0].id in ("fundamentals", "intuition")
    assert summary.total_attempts == sum(len(range(30, 0, -s[-1])) for s in SEED)


def test_filtering_by_category_only_uses_that_category(seeded: Paths) -> None:
    with Store.open(seeded) as store:
        summary = build_summary(small_bank(), store, NOW, category="system_design")
    assert [t.id for t in summary.topics] == ["rag"]
    assert summary.dimensions[0].id == "trade_offs"
    assert [c.category for c in summary.categories] == ["system_design"]
    assert all(r.category == "system_design" for r in summary.recommendations)


def test_readiness_counts_unpractised_topics_against_the_target(seeded: Paths) -> None:
    with Store.open(seeded) as store:
        summary = build_summary(small_bank(), store, NOW, target_date=date(2026, 7, 1))
    assert sum(summary.practice_days.values()) == summary.total_attempts
    assert min(summary.practice_days) == (NOW - timedelta(days=30)).date()
    coding = next(c for c in summary.categories if c.category == "coding")
    assert (coding.readiness.covered_topics, coding.readiness.total_topics) == (1, 3)
    assert coding.readiness.days_left == 16
    assert coding.readiness.score == pytest.approx(coding.mastery / 3, abs=0.01)
    assert coding.readiness.verdict == "in progress"


def test_streaks_count_consecutive_days_up_to_today(paths: Paths) -> None:
    days = [0, 1, 2, 5, 6, 7, 8]  # days before NOW
    with Store.open(paths) as store:
        store.record_attempts([make_attempt(at=NOW - timedelta(days=d, hours=1)) for d in days])
        summary = build_summary(small_bank(), store, NOW)
        assert (summary.streak_days, summary.longest_streak) == (3, 4)
        assert build_summary(small_bank(), store, NOW + timedelta(days=1)).streak_days == 3  # not over yet
        assert build_summary(small_bank(), store, NOW + timedelta(days=2)).streak_days == 0


def test_recommendations_mix_due_weak_and_new_and_interleave_categories(seeded: Paths) -> None:
    with Store.open(seeded) as store:
        recs = recommend(small_bank(), store, NOW, n=20)
    by_id = {r.question_id: r.reason for r in recs}
    assert by_id["ml.cal1"] == by_id["ml.cal2"] == "due"  # failed recently: FSRS wants them back
    assert by_id["ml.cal3"] == "weak"  # never tried, but on the weakest topic
    assert {by_id[q] for q in ("coding.b", "coding.c", "sd.gw", "beh.fail")} == {"new"}
    assert "coding.a" not in by_id  # mastered and not due
    assert len({r.category for r in recs[:4]}) == 4  # one of each category before any repeats
    assert recs[0].question_id in ("ml.cal1", "ml.cal2")


def test_the_same_question_is_not_recommended_twice_a_day_unless_asked(paths: Paths) -> None:
    bank = small_bank()
    with Store.open(paths) as store:
        store.record_attempt(make_attempt("coding.b", topics=("dynamic_programming",), score=20,
                                          at=NOW - timedelta(days=3)))
        assert recommend(bank, store, NOW, n=20, category="coding")[0].question_id == "coding.b"
        assert recommend(bank, store, NOW, n=20, category="coding")[0].reason == "due"
        store.record_attempt(make_attempt("coding.b", topics=("dynamic_programming",), score=20,
                                          at=NOW - timedelta(hours=1)))
        assert "coding.b" not in [r.question_id for r in recommend(bank, store, NOW, n=20)]
        again = recommend(bank, store, NOW + timedelta(minutes=1), n=20, allow_repeat=True)
        assert "coding.b" in [r.question_id for r in again]


def test_due_reviews_come_from_fsrs_and_the_card_cache_stays_current(paths: Paths) -> None:
    bank = small_bank()
    with Store.open(paths) as store:
        failed = store.record_attempt(make_attempt("coding.a", score=20, at=NOW - timedelta(days=5)))
        store.record_attempt(make_attempt("coding.c", topics=("strings",), score=98,
                                          at=NOW - timedelta(days=1)))
        summary = build_summary(bank, store, NOW)
        assert [d.question_id for d in summary.due] == ["coding.a"] and summary.due[0].overdue_days > 3
        assert set(store.cards()) == {"coding.a", "coding.c"}
        store.rate_attempt(failed, "easy")  # "that was easy after all"
        assert build_summary(bank, store, NOW).due == []


@pytest.mark.parametrize(("score", "hints", "taken", "own", "expected"), [
    (95, 0, 600, None, Rating.Easy),
    (80, 0, 600, None, Rating.Good),
    (95, 2, 600, None, Rating.Hard),
    (80, 0, 1500, None, Rating.Hard),
    (60, 0, 600, None, Rating.Hard),
    (40, 0, 600, None, Rating.Again),
    (40, 0, 600, "easy", Rating.Easy),
])
def test_the_fsrs_rating_comes_from_score_hints_and_time_unless_overridden(
    score: float, hints: int, taken: float, own: str | None, expected: Rating
) -> None:
    assert derive_rating(score, hints, taken, 1200, own) == expected


def _model(*attempts: Any, now: datetime = NOW) -> Any:
    rows = sorted((attempt_row(a, 1) for a in attempts), key=lambda r: r["at"])
    return build_model(rows, now.timestamp())


def test_two_good_attempts_are_not_yet_mastery_and_ten_are() -> None:
    two = _model(*(make_attempt(score=100, at=NOW - timedelta(days=d)) for d in range(2)))
    ten = _model(*(make_attempt(score=100, at=NOW - timedelta(days=d)) for d in range(10)))
    assert two.topics["arrays_hashing"].status == "uncertain"
    assert two.topics["arrays_hashing"].uncertainty > 0.18 > ten.topics["arrays_hashing"].uncertainty
    assert ten.topics["arrays_hashing"].status == "strong"


def test_hints_and_running_over_time_count_against_mastery() -> None:
    clean = _model(*(make_attempt(score=90, at=NOW - timedelta(days=d)) for d in range(5)))
    hinted = _model(*(make_attempt(score=90, hints=2, at=NOW - timedelta(days=d)) for d in range(5)))
    slow = _model(*(make_attempt(score=90, taken_s=2400, at=NOW - timedelta(days=d)) for d in range(5)))
    base = clean.topics["arrays_hashing"].mastery
    assert hinted.topics["arrays_hashing"].mastery < base
    assert slow.topics["arrays_hashing"].mastery < base
    assert evidence_factor(0, 100, 1200) == 1.0 and evidence_factor(1, 100, None) == pytest.approx(0.85)
    assert evidence_factor(0, 10_000, 100) == pytest.approx(0.7)


def test_knowledge_fades_when_a_topic_is_not_practised() -> None:
    attempts = [make_attempt(score=95, at=NOW - timedelta(days=d)) for d in range(10)]
    fresh = _model(*attempts)
    later = _model(*attempts, now=NOW + timedelta(days=120))
    topic = later.topics["arrays_hashing"]
    assert topic.mastery < fresh.topics["arrays_hashing"].mastery
    assert topic.peak == pytest.approx(fresh.topics["arrays_hashing"].peak, abs=0.02)
    assert topic.status == "fading" and topic.uncertainty > fresh.topics["arrays_hashing"].uncertainty


def test_an_empty_history_gives_an_empty_summary_with_new_questions(paths: Paths) -> None:
    with Store.open(paths) as store:
        summary = build_summary(small_bank(), store, datetime(2026, 1, 1, tzinfo=UTC))
    assert summary.total_attempts == 0 and summary.topics == [] and summary.streak_days == 0
    assert {r.reason for r in summary.recommendations} == {"new"}
    coding = [r.question_id for r in summary.recommendations if r.category == "coding"]
    assert coding[0] == "coding.b"  # easy first within a category
