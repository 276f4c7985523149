"""What a grader returns: the contract between graders, the store and the screens.

Every score carries its evidence — which tests failed, which key points were
found or missing — because a user who cannot see why they got a score stops
trusting it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["passed", "wrong_answer", "error", "timeout", "memory_limit", "crashed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClaimIssue(_Model):
    """A wrong claim the answer makes, with the sentence that makes it quoted.

    `kind` is "misconception" (a wrong claim the question lists, with its correction),
    "contradiction" (a sentence that says the opposite of a key point), "overclaim" (a categorical
    claim about the topic that the question's reference does not back: see rubric.overclaims) or
    "conduct" (a behavioural story that shows bad conduct: hiding a mistake, blaming others,
    misleading people).
    """

    kind: Literal["misconception", "contradiction", "overclaim", "conduct"]
    sentence: str
    claim: str  # the listed wrong claim, the key point the sentence reverses, or the conduct shown
    correction: str = ""
    penalty: float = Field(default=0.0, ge=0, le=100)
    criterion_id: str | None = None


Confidence = Literal["high", "medium", "low"]


class CriterionScore(_Model):
    """The score of one rubric criterion, with the evidence that earned it."""

    criterion_id: str
    dimension: str
    assesses: str
    weight: float
    score: float = Field(ge=0, le=1)
    evidence: list[str] = Field(default_factory=list)
    found: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    verdict: str = ""


class TestOutcome(_Model):
    """One test's verdict; `input`/`expected`/`actual` stay empty for hidden tests."""

    __test__ = False

    name: str
    hidden: bool = False
    verdict: Verdict
    input: str | None = None
    expected: str | None = None
    actual: str | None = None
    message: str | None = None
    duration_ms: float | None = None


class ComplexityReport(_Model):
    target: str | None = None
    measured: str | None = None
    fits: bool | None = None
    timings_ms: dict[int, float] = Field(default_factory=dict)
    note: str = ""


class CodeReport(_Model):
    """What running a coding answer produced."""

    syntax_error: str | None = None
    verdict: Verdict | None = None  # the first failing test's verdict, "passed" when all pass
    tests: list[TestOutcome] = Field(default_factory=list)
    visible_passed: int = 0
    visible_total: int = 0
    hidden_passed: int = 0
    hidden_total: int = 0
    first_hidden_failure: Verdict | None = None
    runtime_ms: float = 0.0
    stdout: str = ""
    complexity: ComplexityReport | None = None
    violations: list[str] = Field(default_factory=list)  # "line 3: `sorted` is not allowed ..."
    notes: list[str] = Field(default_factory=list)  # e.g. "script test: not tamper-proof"


class CriterionJudgement(_Model):
    criterion_id: str
    score: float = Field(ge=0, le=1)
    justification: str


class LLMFeedback(_Model):
    """Optional feedback from a language model, always shown beside the offline score."""

    provider: str
    model: str
    overall: float = Field(ge=0, le=100)
    criteria: list[CriterionJudgement] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    follow_up: str = ""
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float = 0.0
    cached: bool = False


class SelfAssessment(_Model):
    """The user's own marks: which key points (criterion id → texts) they say they covered.

    `score` is the rubric's weighted share of key points marked covered, 0–100; it is kept
    beside the offline score, never in its place.
    """

    covered: dict[str, list[str]] = Field(default_factory=dict)
    missed: dict[str, list[str]] = Field(default_factory=dict)
    score: float = Field(ge=0, le=100)


class GradeResult(_Model):
    """The graded answer: a 0–100 score and everything that explains it."""

    question_id: str
    question_version: int = 1
    category: str
    score: float = Field(ge=0, le=100)
    summary: str = ""
    criteria: list[CriterionScore] = Field(default_factory=list)
    code: CodeReport | None = None
    flags: list[str] = Field(default_factory=list)
    llm: LLMFeedback | None = None
    grader: str = ""
    misconceptions: list[ClaimIssue] = Field(default_factory=list)
    contradictions: list[ClaimIssue] = Field(default_factory=list)
    overclaims: list[ClaimIssue] = Field(default_factory=list)  # absolutes the reference does not back
    red_flags: list[ClaimIssue] = Field(default_factory=list)  # conduct a behavioural story shows
    # How far the offline score can be trusted, and why when it is not "high".
    confidence: Confidence = "high"
    confidence_reason: str = ""
