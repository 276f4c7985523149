"""The trusted side of the judge: send inputs to sandboxed children, compare what comes back, decide.

A child (harness.py, forked by the launcher) only ever reports outputs as plain
data; every expected value, comparator and verdict stays here.  A missing,
duplicated or malformed result fails its test; a channel with anything
unexpected on it fails every test of that run.  One wall-clock deadline per
phase is kept here and nothing the child writes moves it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import marshal
import math
import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from interview.bank.models import CodeSpec, TestCase
from interview.grading.code import comparators, scripts, wire
from interview.grading.code.sandbox import MAX_OUTPUT, Job, launcher, run_job
from interview.grading.models import TestOutcome, Verdict

STARTUP_S = 0.25  # a forked child is running well within this
GRACE_S = 0.35  # how long past its budget a child that ignores its alarm may live
MAX_SHOWN = 400
NOT_RUN = "not run: the time limit was used up"
TAMPERED = "the result channel carried something other than results (tampering?)"
NO_DETAIL: dict[Verdict, str] = {  # a failing test always says something, even when the child did not
    "wrong_answer": "the value does not match the expected one", "error": "the code raised an error",
    "timeout": "time limit exceeded", "memory_limit": "memory limit exceeded",
    "crashed": "the process crashed", "passed": ""}
KINDS: dict[str, Verdict] = {"error": "error", "timeout": "timeout", "memory": "memory_limit",
                             "wrong": "wrong_answer", "crashed": "crashed"}


@dataclass
class RunResult:
    """Every test's outcome for one submission, plus what the child printed and timed."""

    outcomes: list[TestOutcome] = field(default_factory=list)
    syntax_error: str | None = None
    output: str = ""
    output_total: int = 0
    runtime_ms: float = 0.0
    scaling: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Reply:
    """The parsed result channel of one child: one result per index, or the reason there is none."""

    job: Job
    loaded: bool = False
    syntax: dict[str, Any] | None = None
    load_failure: dict[str, Any] | None = None
    results: dict[int, dict[str, Any]] = field(default_factory=dict)
    tampered: bool = False
    done: bool = False


def parse(job: Job, count: int) -> Reply:
    reply = Reply(job)
    seen: set[int] = set()
    for line in job.lines:
        try:
            message = json.loads(line)
            kind = message["t"]
        except (ValueError, TypeError, KeyError):
            reply.tampered = True
            continue
        if kind == "out" and isinstance(message.get("i"), int) and 0 <= message["i"] < count:
            index = message["i"]
            if index in seen:
                reply.tampered = True
            seen.add(index)
            reply.results[index] = message
        elif kind == "loaded" and not reply.loaded and not seen:
            reply.loaded = True
        elif kind == "syntax" and not reply.loaded:
            reply.syntax = message
        elif kind == "load" and not reply.loaded:
            reply.load_failure = message
        elif kind == "done" and not reply.done:
            reply.done = True
        elif kind != "timed":
            reply.tampered = True
    if job.flooded:
        reply.tampered = True
    return reply


def child_env(workdir: str) -> dict[str, str]:
    """A scrubbed environment, for tools that start a child of their own (the launcher's is empty)."""
    return {"PATH": os.defpath, "HOME": workdir, "TMPDIR": workdir, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def death(job: Job) -> tuple[Verdict, str]:
    """The verdict for a child that ended without reporting: killed, crashed or exited early."""
    code = job.code
    if job.timed_out or code in (-signal.SIGXCPU, 128 + signal.SIGXCPU):
        return "timeout", "time limit exceeded (the process was stopped)"
    if job.flooded:
        return "error", "the result channel was flooded; the process was stopped"
    if b"MemoryError" in job.output:
        return "memory_limit", "memory limit exceeded"
    number = -code if code is not None and code < 0 else code - 128 if code and code > 128 else None
    if number is not None:
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        return "crashed", f"the process was killed by signal {name}"
    return "error", (f"the process exited with status {code} during this test (os._exit?); "
                     "return the answer instead")


async def run_child(spec: CodeSpec, payload: dict[str, Any], budget: float, count: int) -> Reply:
    loop = asyncio.get_running_loop()
    cpu_s = math.ceil(budget) + 1
    payload = {**payload, "entry": spec.entry_point, "budget": budget, "memory_mb": spec.memory_limit_mb,
               "cpu_s": cpu_s, "paths": scripts.package_paths(spec.allow_imports)}
    packages = tuple(sorted(spec.allow_imports))
    launcher(packages)  # started (once, NumPy imported there) before this job's clock runs
    job = await run_job(marshal.dumps(payload), memory_mb=spec.memory_limit_mb, cpu_s=cpu_s,
                        deadline=loop.time() + STARTUP_S + budget + GRACE_S,
                        keep=scripts.package_keep(spec.allow_imports), packages=packages)
    return parse(job, count)


def syntax_text(message: dict[str, Any]) -> str:
    line, col = message.get("line"), message.get("col")
    text = f"line {line}, column {col}: {message.get('msg')}" if line else str(message.get("msg"))
    source = message.get("text")
    if isinstance(source, str) and source.strip() and isinstance(col, int):
        stripped = source.lstrip()
        caret = " " * max(col - 1 - (len(source) - len(stripped)), 0) + "^"
        text += f"\n    {stripped}\n    {caret}"
    return text


async def run_calls(spec: CodeSpec, code: str, items: Sequence[Any], result: RunResult,
                    mode: str = "calls", extra: dict[str, Any] | None = None,
                    budget: float | None = None) -> dict[int, dict[str, Any]]:
    """Run `items` in as few children as possible: one that dies mid-way is restarted after the
    item that killed it.  Returns one result message per item (synthesised for deaths)."""
    found: dict[int, dict[str, Any]] = {}
    budget, start = budget or spec.time_limit_s, 0
    while start < len(items):
        payload = {"mode": mode, "code": code, "tests": items, "start": start, **(extra or {})}
        reply = await run_child(spec, payload, budget, len(items))
        job = reply.job
        result.runtime_ms += job.elapsed * 1000
        result.output += job.output.decode("utf-8", "replace")
        result.output_total += job.output_total
        if reply.syntax:
            result.syntax_error = syntax_text(reply.syntax)
            return {}
        if reply.tampered:
            return {i: {"kind": "error", "err": TAMPERED} for i in range(len(items))}
        if reply.load_failure:
            kind = str(reply.load_failure.get("kind"))
            text = f"while loading your code: {reply.load_failure.get('err', '')}"
            found.update({i: {"kind": kind, "err": text} for i in range(start, len(items))})
            return found
        found.update({i: m for i, m in reply.results.items() if i >= start})
        if reply.done:
            for i in range(start, len(items)):
                found.setdefault(i, {"kind": "error", "err": "no result was reported for this test"})
            return found
        verdict, text = death(job)
        remaining = [i for i in range(start, len(items)) if i not in found]
        if not reply.loaded:
            found.update({i: {"kind": verdict, "err": text} for i in remaining})
            return found
        if not remaining:
            return found
        found[remaining[0]] = {"kind": verdict, "err": text}
        budget -= job.elapsed
        start = remaining[0] + 1
        if verdict == "timeout" or budget <= 0:
            found.update({i: {"kind": "timeout", "err": NOT_RUN} for i in range(start, len(items))})
            return found
    return found


async def run_tests(spec: CodeSpec, code: str, tests: list[TestCase], measure: bool) -> RunResult:
    """Judge `code` on `tests`: data tests as data, script tests as data where they can be."""
    result = RunResult()
    data = [i for i, t in enumerate(tests) if t.script is None]
    script = [i for i, t in enumerate(tests) if t.script is not None]
    outcomes: dict[int, TestOutcome] = {}
    if data:
        items = [_item(tests[i]) for i in data]
        found = await run_calls(spec, code, items, result)
        for index, position in zip(data, range(len(items)), strict=True):
            if position in found:
                outcomes[index] = judge(spec, tests[index], index, found[position])
    if script and result.syntax_error is None:
        judged = await scripts.judge_scripts(spec, code, [tests[i] for i in script], result)
        outcomes.update({i: o for i, o in zip(script, judged, strict=True) if o is not None})
    if result.syntax_error is None and measure and spec.scaling is not None and spec.kind == "function":
        visible_ok = all(o.verdict == "passed" for o in outcomes.values() if not o.hidden)
        if visible_ok:
            from interview.grading.code.timing import measure_scaling

            result.scaling = await measure_scaling(spec, code)
    result.outcomes = [outcomes[i] for i in sorted(outcomes)]
    if result.output_total > MAX_OUTPUT or len(result.output) > MAX_OUTPUT:
        result.output = result.output[:MAX_OUTPUT] + f"\n… output cut at {MAX_OUTPUT // 1024} KB"
    return result


def _item(test: TestCase) -> dict[str, Any]:
    if test.calls is not None:
        return {"calls": [(c.method, tuple(c.args)) for c in test.calls]}
    return {"args": tuple(test.args or ()), "kwargs": dict(test.kwargs), "arg": test.check_arg}


# ------------------------------------------------------------------ verdicts


def judge(spec: CodeSpec, test: TestCase, index: int, message: dict[str, Any]) -> TestOutcome:
    """The trusted verdict for one data test, from the plain values the child reported."""
    outcome = TestOutcome(name=test.name or f"test {index + 1}", hidden=test.hidden, verdict="passed")
    ms = message.get("ms")
    outcome.duration_ms = float(ms) if isinstance(ms, int | float) else None
    entry = spec.entry_point
    if test.calls is not None:
        steps = [f"{entry}({', '.join(show(a) for a in test.calls[0].args)})"]
        steps += [f"{c.method}({', '.join(show(a) for a in c.args)})" for c in test.calls[1:]]
    else:
        parts = [show(a) for a in test.args or ()] + [f"{k}={show(v)}" for k, v in test.kwargs.items()]
        steps = [f"{entry}({', '.join(parts)})"]
    outcome.input = cut("; ".join(steps))
    failure = _failure(test, message, steps, outcome)
    if failure is not None:
        outcome.verdict, outcome.message = failure[0], failure[1] or NO_DETAIL[failure[0]]
    return conceal(outcome)


def conceal(outcome: TestOutcome) -> TestOutcome:
    """A hidden test shows only its verdict (an error keeps its exception type)."""
    if outcome.hidden:
        first = (outcome.message or "").split(":", 1)[0].split("\n", 1)[0]
        kept = first if outcome.verdict == "error" else None
        outcome.input = outcome.expected = outcome.actual = None
        outcome.message = kept or None
    return outcome


def _failure(test: TestCase, message: dict[str, Any], steps: list[str],
             outcome: TestOutcome) -> tuple[Verdict, str | None] | None:
    if "kind" in message:
        verdict = KINDS.get(str(message["kind"]), "error")
        text = str(message.get("err", ""))[:2000]
        at = message.get("at")
        if test.calls is not None and isinstance(at, int) and 0 <= at < len(steps):
            text = f"call {at + 1}, {steps[at]}: {text}"
        return verdict, text
    try:
        if test.calls is not None:
            values = [wire.rebuild(v) for v in message["vs"]]
            if len(values) != len(test.calls):
                return "error", "the number of results does not match the number of calls"
            for number, (call, actual) in enumerate(zip(test.calls, values, strict=True)):
                if number and call.check and not comparators.matches(
                        actual, call.expected, test.compare, test.rel_tol, test.abs_tol):
                    outcome.expected, outcome.actual = _shown(test, call.expected), show(actual)
                    return "wrong_answer", cut(f"call {number + 1}, {steps[number]}: "
                                               f"{_why(test, actual, call.expected)}")
            return None
        actual = wire.rebuild(message["arg"] if test.check_arg is not None else message["v"])
    except (KeyError, TypeError, ValueError):
        return "error", TAMPERED
    if comparators.matches(actual, test.expected, test.compare, test.rel_tol, test.abs_tol):
        return None
    outcome.expected, outcome.actual = _shown(test, test.expected), show(actual)
    return "wrong_answer", cut(_why(test, actual, test.expected))


def _why(test: TestCase, actual: Any, expected: Any) -> str:
    """The one-line reason a value fails, with the test's own tolerances (never empty)."""
    reason = comparators.explain(actual, expected, test.compare, test.rel_tol, test.abs_tol)
    return reason or f"the value does not match the expected one ({test.compare})"


def _shown(test: TestCase, expected: Any) -> str:
    return ("any of " if test.compare == "any_of" else "") + show(expected)


def cut(text: str, limit: int = MAX_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show(value: Any) -> str:
    """A bounded repr: huge containers are summarised."""
    if isinstance(value, list | tuple | set | frozenset | dict) and len(value) > 50:
        items = list(value.items() if isinstance(value, dict) else value)[:20]
        return cut(f"{type(value).__name__} of {len(value)} items, starting {items!r}")
    return cut(repr(value))
