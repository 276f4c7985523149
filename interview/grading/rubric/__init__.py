"""The offline rubric scorer for ML-theory, system-design and behavioural answers.

`score_answer` is instant and needs no network; `worth_llm_review` tells the
optional LLM layer which answers are not worth paying to review.
"""

from __future__ import annotations

from interview.grading.models import GradeResult
from interview.grading.rubric.scorer import score_answer

# Flag codes that mean there is nothing for a language model to review.
NOT_WORTH_REVIEW = frozenset({"empty", "no-answer", "gibberish", "copy-of-question", "keyword-salad"})


def worth_llm_review(result: GradeResult) -> bool:
    """False for empty, 'I don't know', gibberish, copied or keyword-salad answers."""
    return not any(flag.split(":", 1)[0] in NOT_WORTH_REVIEW for flag in result.flags)


__all__ = ["NOT_WORTH_REVIEW", "score_answer", "worth_llm_review"]
