"""The issue's table, re-measured: cheat families from tests/data/cheats against EVERY question.

Built-in coding questions, HumanEval (164) and sanitized MBPP (427) when ../shared/data is
present.  Prints, per family and set, how many cheats got `passed` (goal: 0 everywhere) and how
many script tests fell back to "not tamper-proof".  Heavy: run it niced.

    nice -n 10 .venv/bin/python benchmarks/cheat_sweep.py [--workers 2] [FAMILY ...]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _sets import available, load_questions  # noqa: E402

from interview.bank.loader import load_roots  # noqa: E402
from interview.bank.models import CodingQuestion  # noqa: E402
from interview.grading.code import run_code  # noqa: E402

CHEATS = ROOT / "tests" / "data" / "cheats"
FAST = ["always_eq", "int_subclass_eq", "frames", "patch_harness", "exec_noop", "len_patch",
        "forge_channel", "forge_then_compute", "patch_json", "close_channel"]


def cheat(name: str, entry: str) -> str:
    return ((CHEATS / "_always.py").read_text() + "\n" + (CHEATS / f"{name}.py").read_text()).replace(
        "ENTRY", entry)


async def main(families: list[str], workers: int) -> int:
    sets: dict[str, list[CodingQuestion]] = {
        "built-in": [q for q in load_roots([ROOT / "question_bank"]) if isinstance(q, CodingQuestion)]}
    if available():
        imported = load_questions()
        sets["humaneval"] = [q for q in imported if q.id.startswith("humaneval.")]
        sets["mbpp"] = [q for q in imported if q.id.startswith("mbpp.")]
    slots = asyncio.Semaphore(workers)

    async def grade(q: CodingQuestion, family: str) -> tuple[str, bool]:
        fast = q.model_copy(update={"code": q.code.model_copy(update={"time_limit_s": 2.0})})
        async with slots:
            result = await run_code(fast, cheat(family, q.code.entry_point), measure_complexity=False)
        assert result.code is not None
        return str(result.code.verdict), bool(result.code.notes)

    failures = 0
    print(f"{'family':<20}" + "".join(f"{name + f' ({len(qs)})':>18}" for name, qs in sets.items()))
    for family in families:
        started = time.perf_counter()
        cells = []
        for questions in sets.values():
            results = await asyncio.gather(*(grade(q, family) for q in questions))
            passed = sum(v == "passed" for v, _ in results)
            fallback = sum(n for _, n in results)
            failures += passed
            cells.append(f"{passed} passed/{fallback} ntp")
        took = time.perf_counter() - started
        print(f"{family:<20}" + "".join(f"{c:>18}" for c in cells) + f"   {took:.0f} s")
    print("ntp = script tests that ran the old way (not tamper-proof)")
    print(f"RESULT: {failures} cheats got `passed`")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("families", nargs="*", default=FAST)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    raise SystemExit(asyncio.run(main(options.families, options.workers)))
