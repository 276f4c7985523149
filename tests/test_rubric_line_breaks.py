"""Where the lines break is not what the answer says: hard-wrapped prose scores as one line does.

Answers written in $EDITOR, pasted from notes or wrapped by a terminal have line breaks in the
middle of sentences.  A break before "alternatives: exclude that region" once cut the phrase
"two alternatives" in half, and a model answer fell below its own bar (88 -> 78).
"""

from __future__ import annotations

import re
import textwrap

import pytest

from interview.bank.loader import Bank, load_roots
from interview.bank.models import CodingQuestion
from interview.grading.rubric import score_answer
from interview.paths import builtin_bank_dir


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([builtin_bank_dir()])


def one_line_paragraphs(text: str) -> str:
    """Each paragraph on one line, when no line of it is a list item or a label."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) if not re.search(r"\n\s*(?:[-*•]|\d+[.)]|\w+:)", p) else p
                       for p in paragraphs)


def test_an_answer_wrapped_at_any_width_scores_as_it_does_on_one_line(bank: Bank) -> None:
    changed = []
    for question in bank:
        if isinstance(question, CodingQuestion):
            continue
        flat = one_line_paragraphs(question.model_answer)
        if "\n" in flat.replace("\n\n", ""):
            continue  # lists and labelled lines break by design
        base = score_answer(question, flat).score
        for width in (38, 61):
            wrapped = "\n\n".join(textwrap.fill(p, width, break_on_hyphens=False) for p in flat.split("\n\n"))
            score = score_answer(question, wrapped).score
            if abs(score - base) > 1.0:
                changed.append(f"{question.id} at {width} columns: {base:.1f} -> {score:.1f}")
    assert not changed, "\n".join(changed)
