"""The adversarial suite of issue 11: scores must follow what an answer claims, not its vocabulary.

tests/data/adversarial holds, for 42 free-text questions, eight answers each (see
benchmarks/adversarial_bench.py for the classes) with the band an interviewer gave each one before the
scorer was changed.  The bands are frozen: change the method, never the bands.  The per-class checks
are expected to fail until the scorer is claim-aware; the scorer's owner removes the xfail marks once
they pass.  `benchmarks/adversarial_bench.py --verbose` shows which answers miss and by how much.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from interview.bank.loader import load_roots
from interview.paths import builtin_bank_dir

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "adversarial_bench.py"
MIN_IN_BAND = 0.90
PENDING = pytest.mark.xfail(strict=False, reason="issue 11: scorer method not yet claim-aware")


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("adversarial_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


@pytest.fixture(scope="module")
def results() -> list:
    return bench.score_cases(bench.load_cases())


def test_suite_is_well_formed() -> None:
    cases = bench.load_cases()
    bank = {q.id: q for q in load_roots([builtin_bank_dir()])}
    questions = {c.question_id for c in cases}
    assert len(questions) >= 42
    assert all(q in bank for q in questions), sorted(questions - bank.keys())
    per_category = {cat: sum(bank[q].category == cat for q in questions) for cat in bench.CATEGORIES}
    assert per_category["ml_theory"] >= 18 and per_category["system_design"] >= 12, per_category
    assert per_category["behavioural"] >= 12, per_category
    assert {"ml.bias-variance-tradeoff", "ml.scaled-dot-product-attention", "ml.rlhf",
            "ml.bayes-base-rate"} <= questions
    assert len(cases) == len(questions) * len(bench.CLASSES)
    assert len({c.text for c in cases}) == len(cases), "two answers share the same text"
    for case in cases:
        assert 0 <= case.low <= case.high <= 100, case
        # A band an interviewer could defend: wrong answers can never pass, right ones never fail.
        if case.kind in ("swapped", "negated", "salad"):
            assert case.high <= 50, case
        if case.kind in ("paraphrase", "terse", "restate"):
            assert case.low >= 50, case


@pytest.mark.parametrize(("field", "text", "message"), [
    ("band", 'band = [70, 40]', "answers[0].band = [70, 40]"),
    ("class", 'band = [0, 30]\nclass = "shouty"', "answers[0].class = 'shouty'"),
])
def test_bad_file_names_field_and_value(tmp_path: Path, field: str, text: str, message: str) -> None:
    path = tmp_path / "ml.rlhf.toml"
    body = f'question = "ml.rlhf"\n[[answers]]\n{text}\ntext = "x"\n'
    if field == "band":
        body = body.replace("[[answers]]\n", '[[answers]]\nclass = "salad"\n')
    path.write_text(body, "utf-8")
    with pytest.raises(ValueError, match=r"ml\.rlhf\.toml") as caught:
        bench.load_file(path)
    assert message in str(caught.value)


# Classes the scorer meets (>= 90 % in band); the others stay marked until it does.
PASSING = {"negated", "salad", "restate"}


@pytest.mark.parametrize("kind", [pytest.param(k, marks=() if k in PASSING else PENDING)
                                  for k in bench.CLASSES])
def test_class_in_band(kind: str, results: list) -> None:
    mine = [r for r in results if r.case.kind == kind]
    misses = [f"{r.case.question_id} {r.score:.0f} not in [{r.case.low}, {r.case.high}]"
              for r in mine if not r.in_band]
    assert bench.in_band_rate(mine) >= MIN_IN_BAND, misses


@PENDING
def test_paraphrase_beats_partial_beats_salad(results: list) -> None:
    failing = sorted(q for q, ok in bench.ordering(results).items() if not ok)
    assert not failing


def test_heldout_set_is_well_formed_and_unseen() -> None:
    """The held-out set checks generalisation: its questions must not be the main suite's."""
    heldout = bench.load_cases(bench.HELDOUT)
    questions = {c.question_id for c in heldout}
    bank = {q.id: q for q in load_roots([builtin_bank_dir()])}
    assert len(heldout) >= 30 and questions <= bank.keys(), sorted(questions - bank.keys())
    assert not questions & {c.question_id for c in bench.load_cases()}
    assert {bank[q].category for q in questions} == set(bench.CATEGORIES)


def test_recall_set_is_well_formed_and_unseen() -> None:
    """The recall set holds right answers only, on questions neither other set uses, with bands that
    credit them (a right answer in the candidate's own words never scores below 25)."""
    recall = bench.load_cases(bench.RECALL, bench.RECALL_CLASSES)
    questions = {c.question_id for c in recall}
    bank = {q.id: q for q in load_roots([builtin_bank_dir()])}
    assert len(recall) >= 24 and questions <= bank.keys(), sorted(questions - bank.keys())
    assert not questions & {c.question_id for c in [*bench.load_cases(), *bench.load_cases(bench.HELDOUT)]}
    assert {bank[q].category for q in questions} == set(bench.CATEGORIES)
    assert all(c.low >= 25 and (c.kind == "partial" or c.low >= 60) for c in recall)
    assert all(bank[c.question_id].category == "behavioural" for c in recall if c.kind == "story")


def test_claims_set_is_well_formed_and_unseen() -> None:
    """The claims set checks that wrong claims cost on questions neither other set uses."""
    claims = bench.load_cases(bench.CLAIMS, bench.PRECISION)
    questions = {c.question_id for c in claims}
    bank = {q.id: q for q in load_roots([builtin_bank_dir()])}
    assert len(claims) >= 24 and questions <= bank.keys(), sorted(questions - bank.keys())
    # Unseen by the sets the method was tuned on; the recall set may share questions (other classes).
    seen = {c.question_id for c in [*bench.load_cases(), *bench.load_cases(bench.HELDOUT)]}
    assert not questions & seen
    assert {c.kind for c in claims} == set(bench.PRECISION)
    assert all(c.high <= 50 for c in claims)
