"""The code grader: run a coding answer against its tests in a sandboxed child process.

`run_code` is the async core (cancelling it kills the child at once);
`grade_code` is the same for synchronous callers such as the CLI.  Children
are forked by one launcher process per app (sandbox.py, launcher.py); the
verdict is decided here, never in the child (runner.py, docs/code-grader.md).
"""

from __future__ import annotations

import asyncio
import concurrent.futures

from interview.bank.models import CodingQuestion
from interview.grading.code.constraints import check_constraints
from interview.grading.code.runner import run_tests
from interview.grading.code.scoring import build_result
from interview.grading.code.starter import passed_positions, same_as_starter, starter_passes
from interview.grading.models import GradeResult

__all__ = ["grade_code", "run_code"]


async def run_code(question: CodingQuestion, code: str, *, include_hidden: bool = True,
                   measure_complexity: bool = True) -> GradeResult:
    """Grade `code`: every test (hidden ones too unless told otherwise) and the scaling check."""
    tests = [t for t in question.code.tests if include_hidden or not t.hidden]
    if question.code.language == "sql":
        from interview.grading.code.sql import run_sql

        run = await run_sql(question.code, code, tests)
        return build_result(question, tests, run, include_hidden=include_hidden, measured=False)
    violations = [str(v) for v in check_constraints(code, question.code.forbid)]
    run = await run_tests(question.code, code, tests, measure_complexity)
    # Tests the starter passes too earn nothing (starter.py). Only an answer passing some tests but
    # not all needs that baseline: none or all score the same with or without it.
    unchanged = same_as_starter(code, question.code.starter)
    free = passed_positions(run.outcomes, len(tests))
    if not unchanged:
        free = await starter_passes(question.code, tests) if 0 < len(free) < len(tests) else frozenset()
    return build_result(question, tests, run, include_hidden=include_hidden, measured=measure_complexity,
                        violations=violations, free=free, unchanged=unchanged)


def grade_code(question: CodingQuestion, code: str, *, include_hidden: bool = True,
               measure_complexity: bool = True) -> GradeResult:
    """`run_code` for synchronous callers; safe to call from inside a running event loop too."""
    job = run_code(question, code, include_hidden=include_hidden, measure_complexity=measure_complexity)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(job)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, job).result()
