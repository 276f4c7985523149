"""Do behavioural rubrics leak?  A story told for one question must not pass for another.

Scores every behavioural question's strong example (and every blind honest answer in
tests/data/honest_answers) against the rubric of every OTHER behavioural question, and counts the
cross-question pairs at or above the pass mark (50, the fairness test's line).  Pairs whose two
questions share a topic (two conflict stories) are counted apart: there a story may honestly
fit both.  A leak is usually a generic phrasing ("the team", "worked hard", one common word)
that any story makes, so the worst pairs are listed with the key points they earned.

    .venv/bin/python benchmarks/behavioural_leaks.py [--top N] [--threshold 50]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from interview.bank.loader import load_roots
from interview.bank.models import AnyQuestion
from interview.grading.rubric import score_answer
from interview.paths import builtin_bank_dir

HONEST = Path(__file__).resolve().parent.parent / "tests" / "data" / "honest_answers"
PASS_MARK = 50.0


@dataclass(frozen=True)
class Pair:
    """A story written for `source` scored on `target`'s rubric."""

    source: str
    kind: str  # "strong example" or "honest answer"
    target: str
    score: float
    shared_topic: bool
    found: tuple[str, ...]


def stories(questions: list[AnyQuestion]) -> list[tuple[AnyQuestion, str, str]]:
    """(question, kind, text) for every strong example and every honest answer."""
    out: list[tuple[AnyQuestion, str, str]] = []
    by_id = {q.id: q for q in questions}
    for question in questions:
        strong = question.example("strong")
        if strong is not None:
            out.append((question, "strong example", strong.answer))
    for path in sorted(HONEST.glob("beh.*.md")):
        if path.stem in by_id:
            out.append((by_id[path.stem], "honest answer", path.read_text("utf-8")))
    return out


def cross_scores(questions: list[AnyQuestion]) -> list[Pair]:
    pairs = []
    for source, kind, text in stories(questions):
        for target in questions:
            if target.id == source.id:
                continue
            result = score_answer(target, text)
            pairs.append(Pair(source.id, kind, target.id, result.score,
                              bool(set(source.topics) & set(target.topics)),
                              tuple(p for c in result.criteria for p in c.found)))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=15, help="how many of the worst pairs to list")
    parser.add_argument("--threshold", type=float, default=PASS_MARK, help="the pass mark")
    args = parser.parse_args()

    bank = load_roots([builtin_bank_dir()])
    questions = [q for q in bank if q.category == "behavioural"]
    start = time.perf_counter()
    pairs = cross_scores(questions)
    elapsed = time.perf_counter() - start
    print(f"{len(questions)} behavioural questions, {len(pairs)} cross-question pairs "
          f"scored in {elapsed:.1f} s; pass mark {args.threshold:.0f}")
    for kind in ("strong example", "honest answer"):
        of_kind = [p for p in pairs if p.kind == kind]
        leaks = [p for p in of_kind if p.score >= args.threshold]
        unrelated = [p for p in leaks if not p.shared_topic]
        near = sum(p.score >= args.threshold - 15 for p in of_kind)
        mean = sum(p.score for p in of_kind) / len(of_kind) if of_kind else 0.0
        print(f"  {kind + 's':16} pairs {len(of_kind):5}  passing {len(leaks):3} "
              f"(no shared topic {len(unrelated):3})  within 15 of the mark {near:3}  mean {mean:4.1f}")
    worst = sorted(pairs, key=lambda p: -p.score)[: args.top]
    print(f"\nworst {len(worst)} pairs:")
    for p in worst:
        shared = " (shared topic)" if p.shared_topic else ""
        print(f"  {p.score:5.1f}  {p.source} [{p.kind}] → {p.target}{shared}")
        for point in p.found:
            print(f"           earned: {point}")


if __name__ == "__main__":
    main()
