"""Run a coding answer in one sandboxed child process and collect per-test verdicts.

The child (harness.py) gets a fresh temporary folder, a scrubbed environment,
OS resource limits and its own process group; the parent enforces wall-clock
deadlines and kills the whole group on a timeout, on cancellation and at the
end of every run, so nothing the answer starts can outlive the grade.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import marshal
import math
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interview.bank.models import CodeSpec, TestCase
from interview.grading.models import TestOutcome, Verdict

HERE = Path(__file__).resolve().parent
BOOT = f"import sys;sys.path.insert(0,{str(HERE)!r});import harness;del sys.path[0];harness.main()"
STARTUP_S = 10.0  # the interpreter's own start-up, before any answer code runs
GRACE_S = 0.5  # how long past its budget a child that ignores its alarm may live
SCALING_BUDGET_S = 3.0
MAX_OUTPUT = 32 * 1024
MAX_PROTOCOL = 8 * 2**20
NOT_RUN = "not run: the time limit was used up"


@dataclass
class Session:
    """What one child process said and did."""

    messages: list[dict[str, Any]] = field(default_factory=list)
    output: bytes = b""
    output_total: int = 0
    returncode: int | None = None
    timed_out: bool = False
    elapsed: float = 0.0

    def first(self, kind: str) -> dict[str, Any] | None:
        return next((m for m in self.messages if m.get("t") == kind), None)


@dataclass
class RunResult:
    """Every test's outcome for one submission, plus what the child printed and timed."""

    outcomes: list[TestOutcome] = field(default_factory=list)
    syntax_error: str | None = None
    output: str = ""
    runtime_ms: float = 0.0
    scaling: dict[str, Any] | None = None


def child_env(workdir: str) -> dict[str, str]:
    """A scrubbed environment: nothing of the user's (API keys!) reaches the answer."""
    return {"PATH": os.defpath, "HOME": workdir, "TMPDIR": workdir, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def _test_data(test: TestCase) -> dict[str, Any]:
    calls = None
    if test.calls is not None:
        calls = [(c.method, tuple(c.args), c.expected, c.check) for c in test.calls]
    return {
        "args": tuple(test.args) if test.args is not None else None, "kwargs": dict(test.kwargs),
        "expected": test.expected, "calls": calls, "script": test.script, "compare": test.compare,
        "rel_tol": test.rel_tol, "abs_tol": test.abs_tol, "check_arg": test.check_arg, "hidden": test.hidden,
    }


def _payload(spec: CodeSpec, code: str, tests: list[dict[str, Any]], start: int, budget: float,
             scaling: dict[str, Any] | None) -> bytes:
    total = budget + (scaling["budget"] if scaling else 0.0)
    return marshal.dumps({
        "code": code, "entry": spec.entry_point, "tests": tests, "start": start, "budget": budget,
        "memory_mb": spec.memory_limit_mb, "cpu_s": math.ceil(total) + 1, "scaling": scaling,
    })


async def run_tests(spec: CodeSpec, code: str, tests: list[TestCase], measure: bool) -> RunResult:
    """Run `tests` against `code`; a child that dies mid-run is restarted after the failing test."""
    data = [_test_data(t) for t in tests]
    scaling = None
    if measure and spec.scaling is not None and spec.kind == "function":
        scaling = {"generator": spec.scaling.generator, "sizes": list(spec.scaling.sizes),
                   "params": dict(spec.scaling.params), "budget": SCALING_BUDGET_S}
    result = RunResult()
    found: dict[int, TestOutcome] = {}
    output: list[bytes] = []
    output_total, budget, start = 0, spec.time_limit_s, 0
    while start < len(tests):
        session = await _session(_payload(spec, code, data, start, budget, scaling), budget, scaling)
        output.append(session.output)
        output_total += session.output_total
        result.runtime_ms += session.elapsed * 1000
        if syntax := session.first("syntax"):
            result.syntax_error = _syntax_text(syntax)
            break
        for message in session.messages:
            if message.get("t") == "test" and message.get("i") in range(start, len(tests)):
                found[message["i"]] = _outcome(tests, message["i"], message)
            elif message.get("t") == "scale":
                result.scaling = message
        if load := session.first("load"):
            verdict, text = _verdict(load.get("v")), str(load.get("msg", ""))
            found.update({i: _outcome(tests, i, {"v": verdict, "msg": text})
                          for i in range(start, len(tests))})
            break
        if session.first("tests_done"):
            if session.first("end") is None and result.scaling is None and scaling:
                result.scaling = {"n": [], "s": [], "note": "the timing run was stopped: over its budget"}
            break
        # The child died or was killed: while loading the answer, or during test `failed`.
        verdict, text = _death(session)
        remaining = [i for i in range(start, len(tests)) if i not in found]
        if session.first("loaded") is None:
            found.update({i: _outcome(tests, i, {"v": verdict, "msg": text}) for i in remaining})
            break
        if not remaining:
            break
        failed = remaining[0]
        found[failed] = _outcome(tests, failed, {"v": verdict, "msg": text})
        budget -= session.elapsed
        start = failed + 1
        if verdict == "timeout" or budget <= 0:
            found.update({i: _outcome(tests, i, {"v": "timeout", "msg": NOT_RUN})
                          for i in range(start, len(tests))})
            break
    result.outcomes = [found[i] for i in sorted(found)]
    result.output = _output_text(b"".join(output), output_total)
    return result


def _outcome(tests: list[TestCase], index: int, message: dict[str, Any]) -> TestOutcome:
    """A test's outcome; a hidden test shows only its verdict (an error keeps its exception type)."""
    test = tests[index]
    verdict = _verdict(message.get("v"))
    text = _text(message.get("msg"))
    ms = message.get("ms")
    outcome = TestOutcome(name=test.name or f"test {index + 1}", hidden=test.hidden, verdict=verdict,
                          duration_ms=float(ms) if isinstance(ms, int | float) else None)
    if test.hidden:
        if verdict == "error" and text:
            outcome.message = text.split(":", 1)[0].split("\n", 1)[0]
        return outcome
    outcome.input = _text(message.get("in"))
    outcome.expected = _text(message.get("exp"))
    outcome.actual = _text(message.get("act"))
    outcome.message = text
    return outcome


def _verdict(value: Any) -> Verdict:
    allowed = ("passed", "wrong_answer", "error", "timeout", "memory_limit", "crashed")
    return value if value in allowed else "crashed"


def _text(value: Any) -> str | None:
    return value[:2000] if isinstance(value, str) else None


def _syntax_text(message: dict[str, Any]) -> str:
    line, col = message.get("line"), message.get("col")
    text = f"line {line}, column {col}: {message.get('msg')}" if line else str(message.get("msg"))
    source = message.get("text")
    if isinstance(source, str) and source.strip() and isinstance(col, int):
        stripped = source.lstrip()
        caret = " " * max(col - 1 - (len(source) - len(stripped)), 0) + "^"
        text += f"\n    {stripped}\n    {caret}"
    return text


def _death(session: Session) -> tuple[Verdict, str]:
    """The verdict for a child that ended without finishing: killed, crashed or exited early."""
    code = session.returncode
    if session.timed_out or code == -signal.SIGXCPU:
        return "timeout", "time limit exceeded (the process was stopped)"
    if b"MemoryError" in session.output:
        return "memory_limit", "memory limit exceeded"
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        return "crashed", f"the process was killed by signal {name}"
    return "error", (f"the process exited with status {code} during this test (os._exit?); "
                     "return the answer instead")


def _output_text(data: bytes, total: int) -> str:
    text = data[:MAX_OUTPUT].decode("utf-8", "replace")
    if total > MAX_OUTPUT:
        text += f"\n… output cut at {MAX_OUTPUT // 1024} KB"
    return text


# ------------------------------------------------------------------ process


def kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


async def _session(payload: bytes, budget: float, scaling: dict[str, Any] | None) -> Session:
    """One child from start to kill; cancellation kills its whole process group at once."""
    loop = asyncio.get_running_loop()
    workdir = tempfile.mkdtemp(prefix="interview-run-")
    session = Session()
    started = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-I", "-S", "-c", BOOT, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=workdir,
        env=child_env(workdir), start_new_session=True,
    )
    assert proc.stdin and proc.stdout and proc.stderr
    drain = asyncio.create_task(_drain(proc.stderr, session))
    try:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            proc.stdin.write(payload)
            await proc.stdin.drain()
            proc.stdin.close()
        deadline = loop.time() + STARTUP_S
        buffer, received = b"", 0
        while True:
            try:
                chunk = await asyncio.wait_for(proc.stdout.read(65536), max(deadline - loop.time(), 0))
            except TimeoutError:
                session.timed_out = True
                break
            if not chunk:
                break
            received += len(chunk)
            if received > MAX_PROTOCOL:
                break
            *lines, buffer = (buffer + chunk).split(b"\n")
            for line in lines:
                message = _parse(line)
                session.messages.append(message)
                kind = message.get("t")
                if kind == "start":
                    deadline = loop.time() + budget + GRACE_S
                elif kind == "tests_done" and scaling:
                    deadline = loop.time() + scaling["budget"] + GRACE_S
            if session.first("end") or session.first("syntax") or session.first("load"):
                break
    finally:
        kill_group(proc.pid)
        session.returncode = await proc.wait()
        session.elapsed = time.perf_counter() - started
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(drain, 1.0)
        shutil.rmtree(workdir, ignore_errors=True)
    return session


async def _drain(stream: asyncio.StreamReader, session: Session) -> None:
    """Keep the first MAX_OUTPUT bytes of what the answer printed; read and drop the rest."""
    kept: list[bytes] = []
    while chunk := await stream.read(65536):
        if session.output_total < MAX_OUTPUT:
            kept.append(chunk[: MAX_OUTPUT - session.output_total])
        session.output_total += len(chunk)
        session.output = b"".join(kept)


def _parse(line: bytes) -> dict[str, Any]:
    try:
        message = json.loads(line)
    except ValueError:
        return {}
    return message if isinstance(message, dict) else {}
