"""Self-assessment: the user marks each key point covered or missed, and gets a score from it.

The offline scorer can miss a point made in words it does not know; the user knows what
they meant.  Their marks give a second score kept beside the offline one (never replacing
it), and the mastery model counts it at a lower weight (see `progress.mastery`).
"""

from __future__ import annotations

from collections.abc import Mapping

from interview.errors import UserError
from interview.grading.models import GradeResult, SelfAssessment


def key_points(result: GradeResult) -> list[tuple[str, str, bool]]:
    """Every key point of the graded answer as (criterion id, key point, covered offline)."""
    points: list[tuple[str, str, bool]] = []
    for criterion in result.criteria:
        points.extend((criterion.criterion_id, text, True) for text in criterion.found)
        points.extend((criterion.criterion_id, _plain(text), False) for text in criterion.missing)
    return points


def self_assess(result: GradeResult, covered: Mapping[str, set[str] | list[str]]) -> SelfAssessment:
    """The self-assessed score when the user says they covered `covered` (criterion id → key points).

    Each criterion scores the share of its key points marked covered; criteria are weighted as
    in the rubric.  A key point the result does not list is a mistake the user must hear about.
    """
    known: dict[str, list[str]] = {}
    for cid, text, _ in key_points(result):
        known.setdefault(cid, []).append(text)
    for cid, texts in covered.items():
        unknown = [t for t in texts if t not in known.get(cid, [])]
        if unknown:
            raise UserError(f"self-assessment: '{unknown[0]}' is not a key point of criterion '{cid}'")
    total = weighted = 0.0
    marked: dict[str, list[str]] = {}
    missed: dict[str, list[str]] = {}
    for criterion in result.criteria:
        points = known.get(criterion.criterion_id, [])
        if not points:
            continue
        said = set(covered.get(criterion.criterion_id, ()))
        marked[criterion.criterion_id] = [p for p in points if p in said]
        missed[criterion.criterion_id] = [p for p in points if p not in said]
        total += criterion.weight
        weighted += criterion.weight * len(marked[criterion.criterion_id]) / len(points)
    score = round(100 * weighted / total, 1) if total else 0.0
    return SelfAssessment(covered=marked, missed=missed, score=score)


def _plain(missing: str) -> str:
    """A missing key point without the scorer's note ("(your answer says the opposite)")."""
    return missing.split(" (your answer says the opposite", 1)[0]
