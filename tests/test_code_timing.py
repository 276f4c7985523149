"""A timing child that runs out of time, or fails, before it calls the answer still says why."""

from __future__ import annotations

import asyncio

from interview.grading.code import timing
from tests.test_code_runner import question

Q = question([{"args": [[3, 1, 2]], "expected": 6}], complexity="O(n)",
             scaling={"generator": "int_list", "sizes": [400, 800, 1600]})
SUM = "def f(xs):\n    return sum(xs)\n"
# The answer's module runs before the timing loop: it can break the harness's own preparation.
PATCH = "import sys\nsys.modules['generators'].fresh = _copy\n"
STALLS = "def _copy(args):\n    while True:\n        pass\n" + PATCH + SUM
FAILS = "def _copy(args):\n    raise ValueError('no copies')\n" + PATCH + SUM


def _cpu(code: str, seconds: float) -> float | str:
    async def run() -> float | str:
        end = asyncio.get_running_loop().time() + seconds
        assert Q.code.scaling is not None
        return await timing._cpu(Q.code, code, 400, 1, True, end)

    return asyncio.run(run())


def test_running_out_of_time_while_preparing_is_over_the_budget() -> None:
    assert _cpu(STALLS, 0.5) == f"over the {timing.BUDGET_S:g} s budget for timing"


def test_a_failure_while_preparing_is_reported() -> None:
    reason = _cpu(FAILS, 2.0)
    assert isinstance(reason, str) and reason.startswith("ValueError: no copies"), reason


def test_a_plain_answer_is_timed() -> None:
    assert isinstance(_cpu(SUM, 2.0), float)
