"""What the history stores: attempts and drafts.

An `Attempt` is the full record of one answer (the text or code, its grade and
the circumstances: hints, time, mode).  The store also keeps a compact *row*
per attempt (see `attempt_row`) with only the numbers the summary needs, so the
summary never has to read answer bodies.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal, NotRequired, TypedDict

from pydantic import BaseModel, ConfigDict, Field, field_validator

from interview.grading.models import GradeResult, SelfAssessment
from interview.interviewer.models import Transcript

Mode = Literal["practice", "mock"]
SelfRating = Literal["easy", "good", "hard"]


def _new_id() -> str:
    return uuid.uuid4().hex


def _aware_utc(value: datetime) -> datetime:
    """Timestamps must be aware so that days and streaks never depend on the machine's zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamps must carry a time zone (use datetime.now(UTC))")
    return value.astimezone(UTC)


class Attempt(BaseModel):
    """One answer to one question, graded, with everything that explains the grade."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(default_factory=_new_id, min_length=1)
    question_id: str = Field(min_length=1)
    question_version: int = Field(default=1, ge=1)
    category: str
    topics: list[str] = Field(default_factory=list)
    mode: Mode = "practice"
    mock_id: str | None = None
    answer: str = ""
    result: GradeResult
    hints_used: int = Field(default=0, ge=0)
    time_taken_s: float = Field(default=0.0, ge=0)
    time_limit_s: float | None = Field(default=None, gt=0)
    started_at: datetime
    finished_at: datetime
    self_rating: SelfRating | None = None
    # The user's own marks of the key points, kept beside the offline score (never replacing it).
    self_assessment: SelfAssessment | None = None
    # Clarifying questions and follow-ups around the answer; `result` grades the answer itself.
    transcript: Transcript | None = None

    _utc = field_validator("started_at", "finished_at")(_aware_utc)

    @property
    def score(self) -> float:
        """The exchange's score: the answer, and the follow-ups when there were any."""
        return self.transcript.overall(self.result.score) if self.transcript else self.result.score

    @property
    def over_time(self) -> bool:
        return self.time_limit_s is not None and self.time_taken_s > self.time_limit_s


class Draft(BaseModel):
    """Unsubmitted text, saved while the user types and offered back after a crash."""

    key: str
    text: str
    saved_at: datetime


class Row(TypedDict):
    """The compact, hot record of an attempt: short keys because 20,000 of them are read at once."""

    id: str
    q: str  # question id
    c: str  # category
    t: list[str]  # topics
    m: str  # mode
    s: float  # score 0-100
    d: dict[str, float]  # dimension -> score 0-1 (criterion weights applied)
    h: int  # hints used
    tt: float  # time taken, s
    tl: float | None  # time limit, s
    at: float  # finished_at, POSIX seconds
    r: str | None  # self rating
    seg: int  # the segment holding the full attempt
    sa: NotRequired[float | None]  # self-assessed score 0-100 (absent in rows written before it existed)


def dimension_scores(result: GradeResult, transcript: Transcript | None = None) -> dict[str, float]:
    """Per-dimension score of one graded answer: the weighted mean of its criteria (and follow-ups)."""
    totals: dict[str, list[float]] = {}
    for criterion in result.criteria:
        acc = totals.setdefault(criterion.dimension, [0.0, 0.0])
        acc[0] += criterion.weight * criterion.score
        acc[1] += criterion.weight
    if transcript is not None:
        weight = sum(c.weight for c in result.criteria) / len(result.criteria) if result.criteria else 1.0
        for dimension, score in transcript.dimension_evidence(result):
            acc = totals.setdefault(dimension, [0.0, 0.0])
            acc[0] += weight * score
            acc[1] += weight
    return {dim: round(num / den, 4) for dim, (num, den) in totals.items() if den > 0}


def attempt_row(attempt: Attempt, segment: int) -> Row:
    return Row(
        id=attempt.id,
        q=attempt.question_id,
        c=attempt.category,
        t=list(attempt.topics),
        m=attempt.mode,
        s=attempt.score,
        d=dimension_scores(attempt.result, attempt.transcript),
        h=attempt.hints_used,
        tt=attempt.time_taken_s,
        tl=attempt.time_limit_s,
        at=attempt.finished_at.timestamp(),
        r=attempt.self_rating,
        seg=segment,
        sa=attempt.self_assessment.score if attempt.self_assessment else None,
    )


def attempt_document(attempt: Attempt) -> dict[str, Any]:
    return attempt.model_dump(mode="json")
