"""The offline interviewer's follow-ups: which one is asked first, and how answers to them score.

Bands are frozen: the adversarial answers (keyword lists, the follow-up pasted back,
hedged complexities) were written before the scoring was tuned.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from interview.bank.loader import Bank, load_roots
from interview.bank.models import CodingQuestion
from interview.grading.models import CodeReport, ComplexityReport, CriterionScore, GradeResult
from interview.grading.rubric import score_answer
from interview.interviewer import followups
from interview.interviewer.models import FollowUpTurn, Transcript
from interview.paths import builtin_bank_dir


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([builtin_bank_dir()])


def _answers_missing_one(question: object, full: GradeResult) -> list[str]:
    """Per criterion: the model answer's evidence for every other criterion, without this one's."""
    out = []
    for criterion in full.criteria:
        own = set(criterion.evidence)
        kept = [e for c in full.criteria if c is not criterion for e in c.evidence if e not in own]
        if kept:
            out.append(" ".join(dict.fromkeys(kept)))
    weak = question.example("weak")  # type: ignore[attr-defined]
    return out + ([weak.answer] if weak is not None else [])


def probe_cases(bank: Bank) -> Iterator[tuple[FollowUpTurn, set[str]]]:
    """Per answer that misses a criterion: the first follow-up chosen, and the criteria missed.

    Shared with benchmarks/follow_up_bench.py, which prints the same rate with its details.
    """
    for question in bank:
        if isinstance(question, CodingQuestion) or not any(c.key_points for c in question.rubric):
            continue
        full = score_answer(question, question.model_answer)
        for answer in _answers_missing_one(question, full):
            result = score_answer(question, answer)
            missing = {c.criterion_id for c in followups.missing_criteria(result)}
            if missing:
                yield followups.choose(question, result)[0], missing


def test_first_follow_up_probes_a_missing_criterion_in_90_percent_of_cases(bank: Bank) -> None:
    """Over the bank: drop one criterion's evidence from the model answer; ask about what is missing."""
    cases = hits = 0
    for first, missing in probe_cases(bank):
        cases += 1
        hits += first.probes in missing
    assert cases >= 150
    assert hits / cases >= 0.9, f"{hits}/{cases}"


def test_a_complete_answer_is_taken_deeper_on_a_met_criterion(bank: Bank) -> None:
    question = bank.get("ml.bias-variance-tradeoff")
    result = score_answer(question, question.model_answer)
    chosen = followups.choose(question, result, count=3)
    deeper = [t for t in chosen if t.why.endswith("it goes deeper")]
    assert deeper and deeper[0].probes == "tradeoff"
    assert all(t.kind == "bank" for t in chosen)


def test_a_missed_criterion_with_no_written_follow_up_gets_one_derived_from_it(bank: Bank) -> None:
    question = bank.get("ml.bias-variance-tradeoff")
    result = score_answer(question, "Bias is error from wrong assumptions. Variance is sensitivity to the "
                          "training sample. High bias underfits; high variance overfits.")
    weakest = followups.missing_criteria(result)[0]
    first = followups.choose(question, result)[0]
    assert first.probes == weakest.criterion_id
    if first.kind == "derived":
        assert first.key_points


def test_coding_questions_get_the_complexity_follow_up(bank: Bank) -> None:
    question = bank.get("coding.two-sum")
    result = GradeResult(question_id=question.id, category="coding", score=100.0, criteria=[
        CriterionScore(criterion_id="tests", dimension="correctness", assesses="tests", weight=3, score=1.0)])
    chosen = followups.choose(question, result, count=3)
    assert chosen[0].ref == "spoken:complexity"
    assert any(t.kind == "bank" for t in chosen)


# ------------------------------------------------------------- scoring answers


@pytest.fixture(scope="module")
def learning_curves(bank: Bank) -> tuple[object, FollowUpTurn]:
    question = bank.get("ml.bias-variance-tradeoff")
    index = next(i for i, f in enumerate(question.follow_ups) if f.probes == "remedies")
    return question, followups._bank_turn(question, index, "")


GOOD = ("If the training error is low but the validation error stays much higher, there is a large gap, "
        "so the model has high variance and more data or regularisation will help. If both errors are high "
        "and close together, it is high bias, and adding data will not help; more data helps only when the "
        "gap is large.")
BANDS = [
    ("good", GOOD, 70, 100),
    ("partial", "A big gap between train and validation error means the model overfits: high variance.",
     25, 70),
    ("keyword list", "gap variance bias validation training error data high", 0, 30),
    ("question pasted back",
     "How would you tell from learning curves which of the two is your problem?", 0, 15),
    ("don't know", "I don't know.", 0, 5),
    ("off topic", "I would use a transformer with attention heads and positional encodings.", 0, 20),
]


@pytest.mark.parametrize(("label", "answer", "low", "high"), BANDS, ids=[b[0] for b in BANDS])
def test_follow_up_answers_score_in_their_bands(learning_curves: tuple[object, FollowUpTurn], label: str,
                                                answer: str, low: float, high: float) -> None:
    question, turn = learning_curves
    scored = followups.score(question, turn, answer)  # type: ignore[arg-type]
    assert scored.scored and scored.score is not None
    assert low <= scored.score <= high, (label, scored.score, scored.verdict)


def _report(measured: str | None, target: str | None = "O(n)") -> CodeReport:
    return CodeReport(complexity=ComplexityReport(target=target, measured=measured))


COMPLEXITY = [
    ("right", "It is O(n) time, one pass with a hash map, and O(n) extra space.", "O(n)", 90, 100),
    ("twin", "O(n log n) time and O(n) space.", "O(n)", 70, 90),
    ("wrong", "This runs in O(n^2) time because of the nested loop; memory is O(1).", "O(n)", 0, 25),
    ("hedge", "It is O(n) or maybe O(n^2), and O(n) space.", "O(n)", 0, 25),
    ("words", "Linear time, constant extra space.", "O(n)", 90, 100),
    ("nothing", "It is pretty fast and uses a dictionary.", "O(n)", 0, 5),
    ("unmeasured", "O(n) time and O(n) space.", None, 60, 85),
]


@pytest.mark.parametrize(("label", "answer", "measured", "low", "high"), COMPLEXITY,
                         ids=[c[0] for c in COMPLEXITY])
def test_complexity_answer_is_checked_against_measured_growth(bank: Bank, label: str, answer: str,
                                                              measured: str | None, low: float,
                                                              high: float) -> None:
    question = bank.get("coding.two-sum")
    turn = followups._spoken_turn("complexity")
    scored = followups.score(question, turn, answer, _report(measured))
    assert scored.score is not None and low <= scored.score <= high, (label, scored.score, scored.verdict)


def test_wrong_complexity_says_what_was_measured(bank: Bank) -> None:
    scored = followups.score(bank.get("coding.two-sum"), followups._spoken_turn("complexity"),
                             "O(1) time.", _report("O(n^2)"))
    assert "O(n^2)" in scored.verdict and "O(1)" in scored.verdict


def test_transcript_score_and_dimensions_count_follow_ups() -> None:
    from datetime import UTC, datetime

    from interview.progress.models import Attempt, attempt_row

    result = GradeResult(question_id="q", category="ml_theory", score=80.0, criteria=[
        CriterionScore(criterion_id="a", dimension="fundamentals", assesses="a", weight=2, score=0.8)])
    transcript = Transcript(follow_ups=[
        FollowUpTurn(text="why?", ref="bank:0", dimension="depth", score=40.0, answered=True),
        FollowUpTurn(text="plain", ref="bank:1", scored=False)])
    now = datetime.now(UTC)
    attempt = Attempt(question_id="q", category="ml_theory", result=result, started_at=now, finished_at=now,
                      transcript=transcript)
    row = attempt_row(attempt, 1)
    assert row["s"] == pytest.approx(0.88 * 80 + 0.12 * 40)
    assert row["d"] == {"fundamentals": 0.8, "depth": 0.4}
    assert attempt.result.score == 80.0


def test_exports_carry_the_conversation() -> None:
    from datetime import UTC, datetime

    from interview.interviewer.models import ClarifyTurn
    from interview.progress.models import Attempt
    from interview.progress.report import _answer

    result = GradeResult(question_id="sd.x", category="system_design", score=70.0)
    transcript = Transcript(
        clarified=True, clarification=0.5, facts_missed=["monthly budget"],
        clarify=[ClarifyTurn(question="How many users?", reply="20 million.", fact_ids=["users"])],
        follow_ups=[FollowUpTurn(text="What if traffic doubles?", ref="bank:0", answer="Shard by user.",
                                 answered=True, score=60.0)])
    now = datetime.now(UTC)
    attempt = Attempt(question_id="sd.x", category="system_design", result=result, started_at=now,
                      finished_at=now, transcript=transcript)
    data = _answer(attempt, {})
    assert data["score"] == attempt.score
    assert any("never asked about monthly budget" in line for line in data["conversation"])
    assert "Follow-up: What if traffic doubles? → Shard by user. (60/100)" in data["conversation"]


def test_pasting_the_missing_points_shown_in_feedback_does_not_earn_a_derived_follow_up(bank: Bank) -> None:
    """Feedback lists a missed criterion's key points before its derived follow-up is asked."""
    question = bank.get("sd.llm-gateway")
    criterion = next(c for c in question.rubric if c.id == "observability")
    turn = followups._derived_turn(criterion)
    pasted = "\n".join(k.text for k in criterion.key_points)
    own_words = ("Every request is logged with its token counts, latency and computed cost so finance can "
                 "see spend per team, and personal data is redacted from those logs before they are stored.")
    assert (followups.score(question, turn, pasted).score or 0) <= 35
    assert (followups.score(question, turn, own_words).score or 0) >= 60


def test_pasting_the_model_answer_into_a_follow_up_earns_little(bank: Bank) -> None:
    """Feedback shows the model answer (m) before the follow-ups in practice."""
    question = bank.get("sd.llm-gateway")
    criterion = next(c for c in question.rubric if c.id == "observability")
    derived = followups._derived_turn(criterion)
    written = followups._bank_turn(question, 1, "")
    for turn in (derived, written):
        paragraph = next(p for p in question.model_answer.split("\n\n") if "log" in p.lower())
        assert (followups.score(question, turn, question.model_answer).score or 0) <= 35
        assert (followups.score(question, turn, paragraph).score or 0) <= 35


def test_bank_validate_warns_about_plain_string_follow_ups(tmp_path: object,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    from interview.cli import main
    from tests.bankfixtures import ML_QUESTION, write_pack

    root = Path(str(tmp_path))
    plain = ML_QUESTION.format(id="p.plain").replace(
        'model_answer =', 'follow_ups = ["Why does it happen?"]\nmodel_answer =')
    structured = ML_QUESTION.format(id="p.structured") + (
        '\n[[follow_ups]]\ntext = "How would you detect it early?"\nprobes = "definition"\n'
        'key_points = ["watch the validation loss"]\n')
    bad_probe = structured.replace('p.structured', 'p.bad')
    bad_probe = bad_probe.replace('probes = "definition"', 'probes = "nope"')
    write_pack(root, "p", {"plain.toml": plain, "structured.toml": structured, "bad.toml": bad_probe})
    code = main(["bank", "validate", str(root / "p")])
    out = capsys.readouterr().out
    assert code == 1  # the unknown criterion is an error; the plain string only a warning
    assert "bad.toml" in out and "no rubric criterion 'nope'" in out
    assert f"warning: {root}/p/plain.toml:" in out
    assert "follow_ups: 1 follow-up without key points (asked, never scored)" in out
    assert "structured.toml" not in out


def test_with_nothing_missed_outright_the_weakest_half_covered_criterion_is_probed_first(bank: Bank) -> None:
    """An answer that covers every criterion in part is asked about what it lacked, not only taken deeper."""
    question = bank.get("ml.train-validation-gap")
    result = score_answer(question, question.model_answer)
    partial = {"diagnosis": 1.0, "checks": 0.6, "fixes": 0.55}
    result = result.model_copy(update={"criteria": [
        c.model_copy(update={"score": partial[c.criterion_id]}) for c in result.criteria]})
    chosen = followups.choose(question, result)
    # 'fixes' is weakest but its only written follow-up goes deeper, so 'checks' is probed first.
    assert [t.probes for t in chosen] == ["checks", "diagnosis"]
    assert chosen[0].why == "your answer only partly covered 'Checks the evaluation before the model'"
