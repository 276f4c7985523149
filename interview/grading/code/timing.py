"""Growth measured from outside the answer: CPU time of whole child processes, read by the launcher.

Each size's worst-case input is generated once here (generators.py) and sent to
every child of that size.  The answer runs `repeat` times on copies of it in one
child, and a twin child does the same work minus the calls (unpacking, copies);
the difference is the answer's CPU time, which no clock inside the child can
fake.  `repeat` grows until a measurement rises above noise, and the answer's
child runs twice per size, keeping the smaller figure (CPU noise only adds).
"""

from __future__ import annotations

import asyncio
import math
from functools import lru_cache
from typing import Any

from interview.bank.models import CodeSpec
from interview.grading.code import generators
from interview.grading.code.runner import run_child

BUDGET_S = 5.0  # wall clock for the whole timing run
MIN_CPU_S = 0.03  # a measurement shorter than this is mostly noise: repeat more
MAX_REPEAT = 4096
SAMPLES = 2


async def measure_scaling(spec: CodeSpec, code: str) -> dict[str, Any]:
    """{"n": sizes timed, "s": seconds per call, "note": why it stopped early, if it did}."""
    assert spec.scaling is not None
    loop = asyncio.get_running_loop()
    end = loop.time() + BUDGET_S
    sizes: list[int] = []
    seconds: list[float] = []
    repeat, note, previous = 1, "", 0
    for n in spec.scaling.sizes:
        if previous:  # the work per call grows at least as fast as n: start from fewer repeats
            repeat = max(1, repeat * previous // n)
        previous = n
        measured = await _size(spec, code, n, repeat, end)
        if isinstance(measured, str):
            note = f"stopped at n={n}: {measured}"
            break
        per_call, repeat = measured
        sizes.append(n)
        seconds.append(per_call)
    return {"n": sizes, "s": seconds, "note": note}


async def _size(spec: CodeSpec, code: str, n: int, repeat: int, end: float) -> tuple[float, int] | str:
    """Seconds per call at size `n` (and the repeat count used), or why it could not be measured."""
    while True:
        base = await _cpu(spec, code, n, repeat, False, end)
        if isinstance(base, str):
            return base
        spent = await _cpu(spec, code, n, repeat, True, end)
        if isinstance(spent, str):
            return spent
        extra = spent - base
        if extra >= MIN_CPU_S or repeat >= MAX_REPEAT:
            break
        factor = math.ceil(1.5 * MIN_CPU_S / max(extra, 0.0005))
        repeat = min(MAX_REPEAT, repeat * min(max(factor, 2), 64))
    samples = [extra]
    for _ in range(SAMPLES - 1):
        again = await _cpu(spec, code, n, repeat, True, end)
        if isinstance(again, str):
            break
        samples.append(again - base)
    return max(min(samples), 1e-9) / repeat, repeat


async def _cpu(spec: CodeSpec, code: str, n: int, repeat: int, call: bool, end: float) -> float | str:
    """CPU seconds of one timing child, or why it failed."""
    loop = asyncio.get_running_loop()
    left = end - loop.time()
    if left <= 0.05:
        return f"over the {BUDGET_S:g} s budget for timing"
    assert spec.scaling is not None
    payload = {"mode": "time", "code": code, "input": _input(spec.scaling.generator, n,
                                                             tuple(sorted(spec.scaling.params.items()))),
               "repeat": repeat, "call": call, "tests": [], "start": 0}
    reply = await run_child(spec, payload, left, 0)
    job = reply.job
    if job.timed_out or any(m.get("kind") == "timeout" for m in map(_json, job.lines)):
        return f"over the {BUDGET_S:g} s budget for timing"
    timed = [m for m in (_json(line) for line in job.lines) if m.get("t") == "timed"]
    if reply.syntax or reply.load_failure or not timed or job.cpu_s is None:
        return "the timing run failed"
    if timed[0].get("kind") != "ok":
        return f"{timed[0].get('err', 'the answer failed on a generated input')}"
    return job.cpu_s


@lru_cache(maxsize=16)
def _input(generator: str, n: int, params: tuple[tuple[str, Any], ...]) -> tuple[Any, ...]:
    return generators.generate(generator, n, dict(params))


def _json(line: bytes) -> dict[str, Any]:
    import json

    try:
        value = json.loads(line)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}

