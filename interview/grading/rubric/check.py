"""`interview bank check` for text questions: does the rubric tell good answers from bad?

Four checks per question: its own model answer scores >= 80; its weak example
scores at least 25 points below its strong one; an unrelated answer — the
model answer of another question of the same category, preferably one sharing
no topic — scores <= 30; and each misconception's `example` (an answer making
that wrong claim) scores <= 40 and is charged for the misconception.
"""

from __future__ import annotations

import zlib

from interview.bank.loader import Bank
from interview.bank.models import AnyQuestion
from interview.grading.rubric.scorer import score_answer

MODEL_MIN = 80
GAP_MIN = 25
OTHER_MAX = 30
MISCONCEPTION_MAX = 40


def check_text_question(question: AnyQuestion, bank: Bank) -> list[str]:
    """Problems as short strings; the caller prefixes the question id."""
    problems = []
    model = score_answer(question, question.model_answer).score
    if model < MODEL_MIN:
        problems.append(f"model answer scores {model:.0f} (< {MODEL_MIN}); add `also` phrasings "
                        "or reword key points the model answer makes")
    strong, weak = question.example("strong"), question.example("weak")
    if strong and weak:
        s, w = score_answer(question, strong.answer).score, score_answer(question, weak.answer).score
        if s - w < GAP_MIN:
            problems.append(f"weak example scores {w:.0f}, only {s - w:.0f} below the strong one ({s:.0f}); "
                            f"the rubric must separate them by >= {GAP_MIN}")
    for index, wrong in enumerate(question.misconceptions):
        if not wrong.example:
            continue
        result = score_answer(question, wrong.example)
        if result.score > MISCONCEPTION_MAX:
            problems.append(f"misconceptions[{index}].example scores {result.score:.0f} "
                            f"(> {MISCONCEPTION_MAX}); word the claim (or its `also` phrasings) as the "
                            "example makes it, or raise `penalty`")
        elif not any(hit.claim == wrong.claim for hit in result.misconceptions):
            problems.append(f"misconceptions[{index}].example is not charged for '{wrong.claim}'; add `also` "
                            "phrasings the example uses")
    other = unrelated_question(question, bank)
    if other is not None:
        score = score_answer(question, other.model_answer).score
        if score > OTHER_MAX:
            problems.append(f"the model answer of '{other.id}' scores {score:.0f} (> {OTHER_MAX}); "
                            "key points are too generic")
    return problems


def unrelated_question(question: AnyQuestion, bank: Bank) -> AnyQuestion | None:
    """Another question of the same category, preferring one with no shared topic (deterministic)."""
    others = [q for q in bank if q.category == question.category and q.id != question.id]
    if not others:
        return None
    overlap = {q.id: len(set(q.topics) & set(question.topics)) for q in others}
    fewest = min(overlap.values())
    candidates = sorted(q.id for q in others if overlap[q.id] == fewest)
    pick = zlib.crc32(question.id.encode()) % len(candidates)
    return next(q for q in others if q.id == candidates[pick])
