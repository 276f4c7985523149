"""The text scorer never charges a question's own correct answers for wrong claims.

A user who writes the model answer (or an answer as good as the strong example) and is told
"wrong: ..." or "your answer says the opposite of ..." stops trusting every other verdict.
Each listed misconception must be worded so that only the mistake makes it, and each key
point so that correct sentences near it cannot read as its reversal.
"""

from __future__ import annotations

from interview.bank.loader import Bank, load_roots
from interview.bank.models import CodingQuestion
from interview.grading.rubric import score_answer
from interview.paths import builtin_bank_dir

# (question id, "model" | "strong") still charged, each with why. Strict: the test fails when
# one of them stops being charged, so the list can only shrink.
KNOWN: dict[tuple[str, str], str] = {
    # Behavioural pack: phrasings too close to the good story; the fix is data in
    # question_bank/behavioural/**, which this change did not touch.
    ("beh.project-deep-dive", "strong"):
        "'state of the art and everyone uses it' met by a plain design description",
    ("beh.bias-found-in-model", "model"):
        "'quietly adjusted the thresholds myself' met by 'I removed the tenure feature'",
}


def _charged() -> dict[tuple[str, str], list[str]]:
    """Every built-in model answer / strong example the scorer charges, with what it charged."""
    bank: Bank = load_roots([builtin_bank_dir()])
    out: dict[tuple[str, str], list[str]] = {}
    for question in bank:
        if isinstance(question, CodingQuestion):
            continue
        strong = question.example("strong")
        for label, text in (("model", question.model_answer), ("strong", strong.answer if strong else "")):
            if not text:
                continue
            result = score_answer(question, text)
            issues = [f"wrong claim {i.claim!r} in {i.sentence!r}" for i in result.misconceptions]
            issues += [f"reverses key point {i.claim!r} in {i.sentence!r}" for i in result.contradictions]
            issues += [f"unbacked absolute {i.claim!r} in {i.sentence!r}" for i in result.overclaims]
            if issues:
                out[(question.id, label)] = issues
    return out


def test_no_model_answer_or_strong_example_is_charged() -> None:
    """One test, so the bank is scored once (about 500 answers) even when tests run in parallel."""
    charged = _charged()
    offenders = {key: issues for key, issues in charged.items() if key not in KNOWN}
    assert offenders == {}, "\n" + "\n".join(
        f"{qid} ({label}): {'; '.join(issues)}" for (qid, label), issues in sorted(offenders.items()))
    fixed = sorted(set(KNOWN) - set(charged))
    assert fixed == [], f"no longer charged, remove from KNOWN: {fixed}"
