"""The transcript of one interview exchange: clarifying questions, the answer, follow-ups.

It is stored with the attempt (`Attempt.transcript`), so History, exports and the
progress model see the whole conversation, not only the first answer.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from interview.grading.models import GradeResult

FollowUpKind = Literal["bank", "derived", "spoken", "llm"]
DEPTH = "depth"  # the dimension of a follow-up that probes no criterion
# Each scored follow-up weighs this much of the exchange's score; the main answer keeps the rest.
FOLLOW_UP_SHARE = 0.12


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClarifyTurn(_Model):
    """One clarifying question and what the interviewer said back.

    `fact_ids` are the facts this reply revealed; `repeated` those it told again because an
    earlier question had already asked for them ("As I said, ..."), so a fact counts once.
    """

    question: str
    reply: str
    fact_ids: list[str] = Field(default_factory=list)
    repeated: list[str] = Field(default_factory=list)
    source: Literal["offline", "llm"] = "offline"

    @property
    def from_facts(self) -> bool:
        """The reply told facts (new or again), rather than "that's up to you"."""
        return bool(self.fact_ids or self.repeated)


class FollowUpTurn(_Model):
    """One follow-up question, the candidate's answer, and its score with the evidence.

    `ref` finds the follow-up again after a restart: "bank:2" (the question's third
    follow-up), "derived:<criterion>", "spoken:<name>" or "llm" (whose key points are kept
    in `key_points`, since they exist nowhere else).
    """

    text: str
    ref: str
    kind: FollowUpKind = "bank"
    probes: str | None = None
    dimension: str = DEPTH
    why: str = ""  # why the interviewer asked it ("you did not cover ...")
    key_points: list[str] = Field(default_factory=list)
    answer: str = ""
    answered: bool = False
    scored: bool = True
    score: float | None = Field(default=None, ge=0, le=100)
    found: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    verdict: str = ""
    grader: str = ""


class Transcript(_Model):
    """Everything said around one main answer."""

    clarify: list[ClarifyTurn] = Field(default_factory=list)
    clarified: bool = False  # a clarify phase was held (even if nothing was asked)
    clarification: float | None = Field(default=None, ge=0, le=1)  # share of important facts asked
    facts_missed: list[str] = Field(default_factory=list)  # important facts never asked for
    facts_unused: list[str] = Field(default_factory=list)  # revealed numbers the design ignored
    follow_ups: list[FollowUpTurn] = Field(default_factory=list)
    main_score: float | None = Field(default=None, ge=0, le=100)  # the first answer alone
    story_id: str | None = None
    story_notes: list[str] = Field(default_factory=list)

    @property
    def scored_follow_ups(self) -> list[FollowUpTurn]:
        return [t for t in self.follow_ups if t.scored and t.score is not None]

    @property
    def revealed(self) -> set[str]:
        return {fact for turn in self.clarify for fact in turn.fact_ids}

    def depth(self) -> float | None:
        """The mean follow-up score (0-100), or None when no follow-up was scored."""
        scored = self.scored_follow_ups
        return sum(t.score or 0.0 for t in scored) / len(scored) if scored else None

    def overall(self, main: float) -> float:
        """The exchange's score: the main answer, with each scored follow-up weighing a share."""
        scored = self.scored_follow_ups
        if not scored:
            return main
        share = FOLLOW_UP_SHARE * len(scored)
        return round((1 - share) * main + share * (self.depth() or 0.0), 1)

    def dimension_evidence(self, result: GradeResult) -> list[tuple[str, float]]:
        """(dimension, 0-1 score) pairs the exchange adds to the answer's own criteria.

        Each scored follow-up counts toward its dimension; a clarify phase counts toward
        `requirements` when the rubric has no requirements criterion to carry it.
        """
        out = [(t.dimension, (t.score or 0.0) / 100) for t in self.scored_follow_ups]
        carried = any(c.dimension == "requirements" for c in result.criteria)
        if self.clarification is not None and not carried:
            out.append(("requirements", self.clarification))
        return out
