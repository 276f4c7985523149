"""Conformance of the code runner on real, external problems: HumanEval (164) + sanitized MBPP (427).

Every canonical solution must pass.  Then every problem gets three broken
answers — the entry point's body replaced by `return None`, by an endless loop
and by a 10 GB allocation — which must end in wrong_answer/error, timeout and
memory_limit.  Prints the pass rate and the count of wrong verdicts (goal:
100 % and 0).  Skips cleanly when ../shared/data is absent.

    .venv/bin/python benchmarks/conformance.py [--loop-limit SECONDS] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _sets import ATTRIBUTION, available, load_questions

from interview.bank.models import CodingQuestion
from interview.grading.code import run_code
from interview.grading.code.check import stub_answer

VARIANTS = {  # body of the broken answer -> the verdicts that count as right
    "return None": ("return None", {"wrong_answer", "error"}),
    "endless loop": ("while True:\n    pass", {"timeout"}),
    "10 GB allocation": ("data = bytearray(10 * 1024 ** 3)\nreturn data", {"memory_limit"}),
}


async def _verdict(question: CodingQuestion, code: str, slots: asyncio.Semaphore) -> str:
    async with slots:
        result = await run_code(question, code, measure_complexity=False)
    assert result.code is not None
    return "syntax error" if result.code.syntax_error else str(result.code.verdict)


async def main(loop_limit: float, workers: int) -> int:
    questions = load_questions()
    slots = asyncio.Semaphore(workers)
    started = time.perf_counter()
    canonical = await asyncio.gather(*(_verdict(q, q.code.solution, slots) for q in questions))
    passed = sum(v == "passed" for v in canonical)
    wrong = [f"{q.id}: canonical solution -> {v}" for q, v in zip(questions, canonical, strict=True)
             if v != "passed"]
    print(f"canonical solutions passed: {passed}/{len(questions)} "
          f"({100 * passed / len(questions):.1f} %) in {time.perf_counter() - started:.1f} s")
    for label, (body, accepted) in VARIANTS.items():
        started = time.perf_counter()
        jobs = []
        for q in questions:
            limit = loop_limit if label == "endless loop" else q.code.time_limit_s
            broken = q.model_copy(update={"code": q.code.model_copy(update={"time_limit_s": limit})})
            jobs.append(_verdict(broken, stub_answer(q.code.solution, q.code.entry_point, body), slots))
        verdicts = await asyncio.gather(*jobs)
        bad = [f"{q.id}: {label} -> {v}"
               for q, v in zip(questions, verdicts, strict=True) if v not in accepted]
        wrong += bad
        print(f"{label:>16}: {len(questions) - len(bad)}/{len(questions)} right verdicts "
              f"({' / '.join(sorted(accepted))}) in {time.perf_counter() - started:.1f} s")
    for line in wrong[:30]:
        print("  WRONG", line)
    print(f"RESULT: {passed}/{len(questions)} canonical solutions pass; {len(wrong)} wrong verdicts")
    print(f"data: {ATTRIBUTION}")
    return 0 if passed == len(questions) and not wrong else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loop-limit", type=float, default=0.5,
                        help="time limit for the endless-loop variant (default 0.5 s)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    options = parser.parse_args()
    if not available():
        print("skipped: ../shared/data (HumanEval, MBPP) is absent")
        raise SystemExit(0)
    raise SystemExit(asyncio.run(main(options.loop_limit, options.workers)))
