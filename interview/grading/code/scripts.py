"""Script tests (HumanEval `check`, MBPP asserts) judged as data.

1. The reference solution runs the scripts in its own child, which records every
   call they make to the entry point (inputs and outputs as plain data); cached.
2. The answer's child gets those inputs as data calls and reports its outputs.
3. A replay child runs the scripts again with no answer code at all: the
   reference supplies the helpers, and the entry point answers each recorded
   call with the answer's output.  The script's own assertions decide.

A script whose calls cannot be recorded as data (opaque arguments or results,
a reference that fails, calls that depend on earlier outputs) runs the old way,
with the answer's code in the child, and its result says "script test: not
tamper-proof".
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview.bank.models import CodeSpec, TestCase
from interview.errors import UserError
from interview.grading.code import wire
from interview.grading.models import TestOutcome, Verdict

if TYPE_CHECKING:
    from interview.grading.code.runner import RunResult

NOT_TAMPER_PROOF = "script test: not tamper-proof"
REFERENCE_SLACK = 3  # the reference records its calls once (cached): it may take longer than an answer
_recordings: dict[str, list[dict[str, Any]]] = {}


@lru_cache(maxsize=32)
def _package_dirs(names: tuple[str, ...]) -> tuple[str, ...]:
    """A folder per allowed package holding only a link to it: exactly these become importable.

    The folder is named after the packages *and* where they are installed, so two installs
    (or a removed virtualenv) never share stale links; a link that points anywhere else is
    replaced atomically, and a folder owned by another user is never trusted.
    """
    if not names:
        return ()
    import tempfile

    sources: list[Path] = []
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise UserError(f"allow_imports: the question needs package `{name}`, which is not "
                            f"installed; install it (pip install {name}) and grade again")
        source = Path(next(iter(spec.submodule_search_locations))).resolve()
        sources.extend((source, *source.parent.glob(f"{name}.libs")))
    digest = hashlib.sha256("\0".join(map(str, sources)).encode()).hexdigest()[:16]
    root = Path(tempfile.gettempdir()) / f"interview-packages-{os.getuid()}-{digest}"
    root.mkdir(mode=0o755, exist_ok=True)
    if root.is_symlink() or root.stat().st_uid != os.getuid():
        root = Path(tempfile.mkdtemp(prefix="interview-packages-"))
    for item in sources:
        link = root / item.name
        if link.is_symlink() and os.readlink(link) == str(item):
            continue
        fresh = root / f".{item.name}.{os.getpid()}"
        fresh.unlink(missing_ok=True)
        fresh.symlink_to(item)
        os.replace(fresh, link)
    return (str(root),)


def package_paths(names: Sequence[str]) -> list[str]:
    """The folders to put on the child's sys.path for `names` (one folder of links)."""
    return list(_package_dirs(tuple(sorted(names))))


def package_keep(names: Sequence[str]) -> list[str]:
    """Everything those links need visible inside the sandbox: the folder and the real packages."""
    keep = []
    for folder in package_paths(names):
        keep.append(folder)
        keep += [os.path.realpath(link) for link in Path(folder).iterdir()]
    return keep


async def _recording(spec: CodeSpec, tests: Sequence[TestCase]) -> list[dict[str, Any]]:
    """Per script: the reference's recorded calls, or the reason it cannot be data."""
    from interview.grading.code.runner import RunResult, run_calls

    key = hashlib.sha256(repr((spec.entry_point, spec.solution, spec.allow_imports,
                               [t.script for t in tests])).encode()).hexdigest()
    if key in _recordings:
        return _recordings[key]
    found = await run_calls(spec, spec.solution, [t.script for t in tests], RunResult(), mode="script",
                            extra={"record": True}, budget=REFERENCE_SLACK * spec.time_limit_s)
    recordings = []
    for index in range(len(tests)):
        message = found.get(index, {})
        calls = message.get("calls")
        usable = (message.get("ok") is True and isinstance(calls, list) and bool(calls)
                  and all(isinstance(c, list) and len(c) == 4 and '"$obj"' not in f"{c[0]}{c[1]}{c[3]}"
                          for c in calls))  # inputs must be plain data; an opaque output is fine
        recordings.append({"calls": calls if usable else None})
    if len(_recordings) > 256:
        _recordings.clear()
    _recordings[key] = recordings
    return recordings


async def judge_scripts(spec: CodeSpec, code: str, tests: Sequence[TestCase],
                        result: RunResult) -> list[TestOutcome | None]:
    from interview.grading.code.runner import KINDS, run_calls

    recordings = await _recording(spec, tests)
    # 2. the answer's outputs for every recorded call, as data
    flat: list[dict[str, Any]] = []
    owner: list[tuple[int, int]] = []
    for index, recording in enumerate(recordings):
        for number, (args, kwargs, _, _) in enumerate(recording["calls"] or []):
            flat.append({"args": args, "kwargs": kwargs, "wire": True})
            owner.append((index, number))
    outputs = await run_calls(spec, code, flat, result) if flat else {}
    if result.syntax_error is not None:
        return [None] * len(tests)
    outcomes: list[TestOutcome | None] = [None] * len(tests)
    answered: dict[int, list[list[str]]] = {}
    for position, (index, number) in enumerate(owner):
        message = outputs.get(position, {"kind": "error", "err": "no result was reported"})
        if outcomes[index] is not None:
            continue
        if "kind" in message:
            verdict = KINDS.get(str(message["kind"]), "error")
            outcomes[index] = _outcome(tests[index], index, verdict, str(message.get("err", "")))
            continue
        args, kwargs, _, _ = recordings[index]["calls"][number]
        try:
            out, after = json.dumps(message["v"]), json.dumps(message["after"])
        except (KeyError, TypeError, ValueError):
            outcomes[index] = _outcome(tests[index], index, "error", "malformed result")
            continue
        answered.setdefault(index, []).append([args, kwargs, out, after])
    # 3. replay the scripts against the answer's data
    ready = [i for i in range(len(tests)) if outcomes[i] is None and recordings[i]["calls"] is not None]
    if ready:
        replay = await _replay(spec, [(tests[i].script or "", answered.get(i, [])) for i in ready])
        for position, index in enumerate(ready):
            message = replay.get(position, {"kind": "error", "err": "the replay reported nothing"})
            if message.get("ok") is True:
                outcomes[index] = _outcome(tests[index], index, "passed", None)
            elif message.get("kind") == "diverged":
                recordings[index]["calls"] = None  # fall back below
            else:
                verdict = KINDS.get(str(message.get("kind")), "error")
                text = str(message.get("err", ""))
                if verdict == "wrong_answer":
                    text += _first_difference(spec, recordings[index]["calls"], answered.get(index, []))
                outcomes[index] = _outcome(tests[index], index, verdict, text)
    # 4. what cannot be data runs the old way
    rest = [i for i in range(len(tests)) if outcomes[i] is None]
    if rest:
        found = await run_calls(spec, code, [tests[i].script for i in rest], result, mode="script")
        if result.syntax_error is not None:
            return [None] * len(tests)
        result.notes.append(NOT_TAMPER_PROOF)
        for position, index in enumerate(rest):
            message = found.get(position, {"kind": "error", "err": "no result was reported"})
            if message.get("ok") is True:
                outcomes[index] = _outcome(tests[index], index, "passed", NOT_TAMPER_PROOF)
            else:
                verdict = KINDS.get(str(message.get("kind")), "error")
                outcomes[index] = _outcome(tests[index], index, verdict,
                                           f"{message.get('err', '')} ({NOT_TAMPER_PROOF})")
    return outcomes


async def _replay(spec: CodeSpec, items: list[tuple[str, list[list[str]]]]) -> dict[int, dict[str, Any]]:
    from interview.grading.code.runner import RunResult as Scratch
    from interview.grading.code.runner import run_calls

    scratch = Scratch()  # the replay runs no answer code: its prints and time are not the answer's
    found = await run_calls(spec, spec.solution, items, scratch, mode="replay")  # type: ignore[arg-type]
    if scratch.syntax_error:
        return {}
    return found


def _first_difference(spec: CodeSpec, reference: list[list[str]] | None, answer: list[list[str]]) -> str:
    """Show the value the answer returned where it first differs from the reference's."""
    from interview.grading.code.runner import show

    for ref, got in zip(reference or [], answer, strict=False):
        if repr(wire.decode(ref[2])) != repr(wire.decode(got[2])):
            args = wire.decode(ref[0])
            call = f"{spec.entry_point}({', '.join(show(a) for a in args)})"
            return f"\n  {call} returned {show(wire.decode(got[2]))}; expected {show(wire.decode(ref[2]))}"
    return ""


def _outcome(test: TestCase, index: int, verdict: Verdict, message: str | None) -> TestOutcome:
    outcome = TestOutcome(name=test.name or f"test {index + 1}", hidden=test.hidden, verdict=verdict)
    if test.hidden:
        if verdict == "error" and message:
            outcome.message = message.split(":", 1)[0].split("\n", 1)[0]
        elif message == NOT_TAMPER_PROOF or (message and NOT_TAMPER_PROOF in message):
            outcome.message = NOT_TAMPER_PROOF
        return outcome
    outcome.message = message
    return outcome
