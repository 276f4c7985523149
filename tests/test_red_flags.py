"""Conduct red flags in behavioural stories: bad conduct costs points, honest stories are never flagged."""

from __future__ import annotations

import pytest

from interview.bank.loader import load_roots
from interview.grading.rubric import score_answer
from interview.grading.rubric.red_flags import RED_FLAG_CAP, red_flags
from interview.paths import builtin_bank_dir


@pytest.mark.parametrize(("sentence", "kind"), [
    ("I waited three weeks before telling my manager, hoping it would sort itself out.", "delayed telling"),
    ("I hid the benchmark results from my lead so I would not look wrong.", "hid a problem"),
    ("I told the client the delay was entirely their data team's fault.", "blamed others"),
    ("I told finance the report was finished when it wasn't.", "misled people"),
    ("In the review I took the credit for the pipeline my colleague built.", "took credit"),
    ("I turned off the failing comparison checks so we could ship on time.", "skipped safeguards"),
    ("I explained to everyone that the error was in their code, not mine.", "blamed others"),
])
def test_bad_conduct_is_flagged(sentence: str, kind: str) -> None:
    assert [f.kind for f in red_flags(sentence)] == [kind]


@pytest.mark.parametrize("sentence", [
    "Instead of waiting a week for more data, I told my manager within the hour.",
    "I wrote a blameless post-mortem with an owner for each action.",
    "I did not hide the mistake; I said plainly that it was my error.",
    "The old dashboard hid a real risk from the sales team.",
    "I was tempted to blame the upstream team, but the missing check was mine.",
    "We came back with numbers for her concerns, not mine.",
    "Rather than skipping the review, I asked a colleague to check every number.",
])
def test_honest_stories_are_not_flagged(sentence: str) -> None:
    assert red_flags(sentence) == []


def test_complete_story_that_confesses_bad_conduct_drops_to_the_interviewers_band() -> None:
    question = next(q for q in load_roots([builtin_bank_dir()]) if q.id == "beh.mistake-you-made")
    confession = (" That said, I waited a month before telling my manager, and I told the product team "
                  "the drop came from new data rather than my bug.")
    clean = score_answer(question, question.model_answer)
    marked = score_answer(question, question.model_answer + confession)
    assert clean.score >= 70 and not clean.red_flags
    assert 15 <= marked.score <= RED_FLAG_CAP
    assert {i.kind for i in marked.red_flags} == {"conduct"}
    assert any("waited a month" in i.sentence for i in marked.red_flags)
    assert "red-flag" in " ".join(marked.flags)


def test_a_confession_earns_no_key_point() -> None:
    """"I waited a month before telling my manager" is not "told my manager straight away"."""
    question = next(q for q in load_roots([builtin_bank_dir()]) if q.id == "beh.mistake-you-made")
    story = ("I reported a 4% lift, then found my split leaked users. I admitted the mistake was mine, reran "
             "the evaluation and told everyone affected; the real lift was 1.2%. Honestly, I waited a month "
             "before telling my manager, and I told the product team the change was due to new data.")
    result = score_answer(question, story)
    assert not any("waited a month" in sentence for c in result.criteria for sentence in c.evidence)
