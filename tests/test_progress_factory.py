"""Builders for progress tests: attempts with chosen scores, dimensions and times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from interview.grading.models import CriterionScore, GradeResult, LLMFeedback
from interview.progress.models import Attempt

NOW = datetime(2026, 6, 15, 18, 0, tzinfo=UTC)


def make_attempt(
    question_id: str = "coding.two-sum",
    *,
    category: str = "coding",
    topics: tuple[str, ...] = ("arrays_hashing",),
    score: float = 70.0,
    dimensions: dict[str, float] | None = None,
    at: datetime = NOW,
    hints: int = 0,
    taken_s: float = 600.0,
    limit_s: float | None = 1200.0,
    mode: str = "practice",
    answer: str = "def two_sum(nums, target):\n    return []\n",
    feedback: str = "",
) -> Attempt:
    dims = dimensions or {"correctness": score / 100}
    criteria = [CriterionScore(criterion_id=f"c-{d}", dimension=d, assesses=f"assesses {d}", weight=1.0,
                               score=s) for d, s in dims.items()]
    llm = (LLMFeedback(provider="fake", model="fake-1", overall=score, improvements=[feedback])
           if feedback else None)
    return Attempt(
        question_id=question_id, category=category, topics=list(topics), mode=mode, answer=answer,
        result=GradeResult(question_id=question_id, category=category, score=score, criteria=criteria,
                           summary=f"scored {score}", llm=llm),
        hints_used=hints, time_taken_s=taken_s, time_limit_s=limit_s,
        started_at=at - timedelta(seconds=taken_s), finished_at=at,
    )
