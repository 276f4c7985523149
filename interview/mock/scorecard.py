"""Grade a finished mock and build its scorecard, with hire signals per round.

Hire signals (documented in docs/mock-interviews.md): a round's score is the
mean of its questions' scores weighted by their allotted time; >= 85 is Strong
hire, >= 70 Hire, >= 55 Lean no hire, below that No hire.  The overall score is
the rounds' mean weighted by their minutes, and its signal is capped the way a
real debrief is: any No-hire round caps the loop at Lean no hire, and Strong
hire needs every round at Hire or better.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime

from pydantic import BaseModel, Field

from interview.bank.index import Bank, QuestionEntry
from interview.bank.models import AnyQuestion
from interview.grading.models import CriterionScore, GradeResult
from interview.interviewer.models import Transcript
from interview.mock.engine import MockState, QuestionSlot

Grader = Callable[[AnyQuestion, str], Awaitable[GradeResult]]
Progress = Callable[[int, int], None]

SIGNALS = ("Strong hire", "Hire", "Lean no hire", "No hire")
THRESHOLDS = ((85.0, "Strong hire"), (70.0, "Hire"), (55.0, "Lean no hire"))


def signal_for(score: float) -> str:
    return next((label for floor, label in THRESHOLDS if score >= floor), "No hire")


class QuestionCard(BaseModel):
    question_id: str
    title: str
    topics: list[str]
    outcome: str
    score: float
    time_used_s: float
    allotted_s: float
    criteria: list[CriterionScore] = Field(default_factory=list)
    summary: str = ""
    depth: float | None = None  # mean follow-up score, 0-100
    clarification: float | None = None  # share of important facts asked for, 0-1


class RoundCard(BaseModel):
    index: int
    category: str
    label: str
    minutes: int
    score: float
    signal: str
    questions: list[QuestionCard]
    depth: float | None = None
    clarification: float | None = None


class DimensionCard(BaseModel):
    dimension: str
    score: float
    questions: int


class Improvement(BaseModel):
    topic: str
    dimension: str | None
    advice: str
    question_id: str | None
    question_title: str | None


class Scorecard(BaseModel):
    mock_id: str
    template_id: str
    template_name: str
    mode: str
    finished_at: datetime
    score: float
    signal: str
    rounds: list[RoundCard]
    dimensions: list[DimensionCard]
    improvements: list[Improvement]

    def digest(self) -> dict[str, object]:
        """The scorecard as plain data for reports: signals, rounds and what to improve."""
        return {
            "id": self.mock_id, "template": self.template_name, "mode": self.mode,
            "finished_at": self.finished_at.isoformat(), "score": self.score, "signal": self.signal,
            "rounds": [{"label": r.label, "score": r.score, "signal": r.signal, "depth": r.depth,
                        "clarification": r.clarification} for r in self.rounds],
            "improvements": [i.advice + (f" → practise {i.question_id}" if i.question_id else "")
                             for i in self.improvements],
        }


async def default_grader(question: AnyQuestion, answer: str) -> GradeResult:
    from interview.grading.service import grade

    return await grade(question, answer)


UNANSWERED = ("forfeited", "unanswered", "not reached")
UNANSWERED_SUMMARY = {
    "forfeited": "forfeited: scores zero and is not graded",
    "unanswered": "no answer was given",
    "not reached": "not reached before the mock ended",
}


def was_answered(slot: QuestionSlot) -> bool:
    """Only a question the user gave an answer to is graded, recorded and fed to weak topics.

    A forfeited question scores zero whatever text it held (as the docs promise);
    an empty one or one never reached has nothing to grade.
    """
    return (slot.started_at is not None and slot.outcome not in ("forfeited", "unanswered")
            and bool(slot.answer.strip()))


def outcome_of(slot: QuestionSlot) -> str:
    if slot.started_at is None:
        return "not reached"
    return slot.outcome if was_answered(slot) or slot.outcome == "forfeited" else "unanswered"


async def grade_mock(
    state: MockState,
    bank: Bank,
    *,
    grader: Grader = default_grader,
    concurrency: int = 2,
    progress: Progress | None = None,
) -> dict[tuple[int, int], GradeResult]:
    """Grade every answered slot, code runs in parallel up to `concurrency` at a time."""
    jobs = [(k, j, slot) for k, rnd in enumerate(state.rounds) for j, slot in enumerate(rnd.slots)
            if was_answered(slot)]
    limit = asyncio.Semaphore(concurrency)
    done = 0
    results: dict[tuple[int, int], GradeResult] = {}

    async def one(k: int, j: int, slot: QuestionSlot) -> None:
        nonlocal done
        async with limit:
            results[(k, j)] = await grader(bank.get(slot.question_id), slot.answer)
        done += 1
        if progress:
            progress(done, len(jobs))

    await asyncio.gather(*(one(k, j, slot) for k, j, slot in jobs))
    return results


def build_scorecard(
    state: MockState, bank: Bank, results: dict[tuple[int, int], GradeResult], finished_at: datetime,
    transcripts: dict[tuple[int, int], Transcript] | None = None,
) -> Scorecard:
    rounds: list[RoundCard] = []
    dimension_sums: dict[str, list[float]] = {}
    for k, rnd in enumerate(state.rounds):
        cards = []
        for j, slot in enumerate(rnd.slots):
            question = bank.get(slot.question_id)
            result = results.get((k, j))
            outcome = outcome_of(slot)
            talk = (transcripts or {}).get((k, j))
            score = (talk.overall(result.score) if talk else result.score) if result else 0.0
            cards.append(QuestionCard(
                question_id=question.id, title=question.title, topics=list(question.topics),
                outcome=outcome, depth=talk.depth() if talk else None,
                clarification=talk.clarification if talk else None, score=score, time_used_s=slot.time_used_s,
                allotted_s=slot.allotted_s, criteria=result.criteria if result else [],
                summary=result.summary if result else UNANSWERED_SUMMARY.get(outcome, ""),
            ))
            for criterion in result.criteria if result else []:
                acc = dimension_sums.setdefault(criterion.dimension, [0.0, 0.0, 0.0])
                acc[0] += criterion.score * criterion.weight
                acc[1] += criterion.weight
                acc[2] += 1
        total_allotted = sum(c.allotted_s for c in cards) or 1.0
        score = sum(c.score * c.allotted_s for c in cards) / total_allotted
        rounds.append(RoundCard(index=k, category=rnd.spec.category.value, label=rnd.spec.label,
                                minutes=rnd.spec.minutes, score=round(score, 1),
                                signal=signal_for(score), questions=cards,
                                depth=_mean([c.depth for c in cards]),
                                clarification=_mean([c.clarification for c in cards])))
    total_minutes = sum(r.minutes for r in rounds) or 1
    overall = sum(r.score * r.minutes for r in rounds) / total_minutes
    dimensions = sorted(
        (DimensionCard(dimension=d, score=round(100 * s / w, 1), questions=int(n))
         for d, (s, w, n) in dimension_sums.items() if w > 0),
        key=lambda d: d.score,
    )
    return Scorecard(
        mock_id=state.id, template_id=state.template.id, template_name=state.template.name,
        mode=state.mode, finished_at=finished_at, score=round(overall, 1),
        signal=overall_signal(overall, [r.signal for r in rounds]), rounds=rounds,
        dimensions=dimensions, improvements=improvements(rounds, bank),
    )


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 3) if known else None


def overall_signal(score: float, round_signals: list[str]) -> str:
    signal = signal_for(score)
    rank = SIGNALS.index
    if "No hire" in round_signals and rank(signal) < rank("Lean no hire"):
        signal = "Lean no hire"
    if signal == "Strong hire" and any(rank(s) > rank("Hire") for s in round_signals):
        signal = "Hire"
    return signal


def improvements(rounds: list[RoundCard], bank: Bank, count: int = 3) -> list[Improvement]:
    """The most valuable things to work on: the biggest lost points, one per topic."""
    in_mock = {q.question_id for r in rounds for q in r.questions}
    total = sum(q.allotted_s for r in rounds for q in r.questions) or 1.0
    lost = sorted(
        (((100 - q.score) * q.allotted_s / total, q) for r in rounds for q in r.questions if q.score < 85),
        key=lambda lost_card: lost_card[0],  # equal losses must not compare the cards themselves
    )
    out: list[Improvement] = []
    topics_done: set[str] = set()
    for _, card in reversed(lost):
        topic = next((t for t in card.topics if t not in topics_done), None)
        if topic is None:
            continue
        topics_done.add(topic)
        unanswered = card.outcome in UNANSWERED
        weakest = None if unanswered else min(card.criteria, key=lambda c: c.score, default=None)
        advice = f"'{card.title}' scored {card.score:.0f}"
        if unanswered:
            advice += "; it went unanswered — practise pacing under the clock"
        elif weakest is not None:
            advice += f"; weakest on {weakest.assesses.lower()}"
            if weakest.missing:
                advice += f" (missing: {weakest.missing[0]})"
        recommended = _recommend(bank, topic, card.question_id, in_mock)
        out.append(Improvement(
            topic=topic, dimension=weakest.dimension if weakest else None, advice=advice,
            question_id=recommended.id if recommended else None,
            question_title=recommended.title if recommended else None,
        ))
        if len(out) == count:
            break
    return out


def _recommend(bank: Bank, topic: str, avoid: str, in_mock: set[str]) -> QuestionEntry | None:
    source = bank.index.get(avoid)
    candidates = [q for q in bank.filter(topic=topic) if q.id not in in_mock]
    if source is not None:
        candidates.sort(key=lambda q: (q.category != source.category, q.difficulty.value != "easy"))
    return candidates[0] if candidates else None
