"""Does the complexity check tell a too-slow answer from the reference?  Counted over repeated runs.

For every built-in coding question with a complexity target and a scaling check,
grade the too-slow but correct answer in tests/data/slow_solutions/ and the
reference solution `--runs` times each (visible tests only, timing on) and print
how often each meets the target.  Goal: the slow answer misses the target in at
least 19 of 20 runs, the reference meets it in 20 of 20.  Heavy: run it niced.

    nice -n 10 .venv/bin/python benchmarks/complexity_bench.py [--runs 20] [ID-SUFFIX ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview.bank.loader import load_roots  # noqa: E402
from interview.bank.models import CodingQuestion  # noqa: E402
from interview.grading.code import grade_code  # noqa: E402

SLOW = ROOT / "tests" / "data" / "slow_solutions"


def timed_questions(only: list[str]) -> list[CodingQuestion]:
    bank = load_roots([ROOT / "question_bank"])
    questions = [q for q in bank if isinstance(q, CodingQuestion) and q.code.complexity and q.code.scaling]
    return [q for q in questions if not only or q.id.removeprefix("coding.") in only]


def meets_target(question: CodingQuestion, code: str) -> tuple[bool, str]:
    """(whether the measured growth meets the target, the measured class and its note)."""
    result = grade_code(question, code, include_hidden=False)
    cx = result.code.complexity if result.code else None
    if cx is None:
        return False, "not measured"
    return cx.fits is True, f"{cx.measured or '-'} ({cx.note})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("only", nargs="*", help="question ids without `coding.`")
    args = parser.parse_args()
    questions = timed_questions(args.only)
    print(f"{'question':36} {'target':11} {'slow too slow':>14} {'reference meets':>16}  "
          "last slow / last reference")
    failing, started = 0, time.perf_counter()
    for question in questions:
        slow_file = SLOW / f"{question.id.removeprefix('coding.')}.py"
        if not slow_file.is_file():
            print(f"{question.id:36} no slow solution in {SLOW.relative_to(ROOT)}")
            failing += 1
            continue
        slow_caught = reference_ok = 0
        slow_last = reference_last = ""
        for _ in range(args.runs):
            fits, slow_last = meets_target(question, slow_file.read_text("utf-8"))
            slow_caught += not fits
            fits, reference_last = meets_target(question, question.code.solution)
            reference_ok += fits
        good = slow_caught >= args.runs - args.runs // 20 and reference_ok == args.runs
        failing += not good
        print(f"{question.id:36} {question.code.complexity:11} {slow_caught:>10}/{args.runs:<3} "
              f"{reference_ok:>12}/{args.runs:<3}  {'' if good else 'MISS  '}"
              f"{slow_last[:60]} / {reference_last[:60]}", flush=True)
    print(f"{len(questions)} timed question(s), {failing} below the goal, "
          f"{time.perf_counter() - started:.0f} s")
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
