"""Convert HumanEval+ (EvalPlus, .jsonl or .jsonl.gz) into a pack whose tests are data, not code.

Each task's `base_input` and `plus_input` become call tests (`args` → `expected`).
The expected values are the task's canonical solution's outputs, computed here
at import time in a sandboxed child (scrubbed environment, own temp folder and
process group, memory and CPU limits) that sends them back as tagged JSON: the
app never executes the dataset's code and never unpickles anything.  Every
test is then graded against the canonical solution through the real code
grader, and an input the canonical itself fails on is left out and counted.

Floats are compared like EvalPlus does: within the task's `atol`, and a
relative 1e-7.  `find_zero` (any root is right) is checked by a script test
that evaluates the polynomial at the answer instead.
"""

from __future__ import annotations

import ast
import contextlib
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from interview.bank.importers.benchmarks import question_dict, read_records, write_toml
from interview.errors import UserError

VISIBLE = 3  # the first base inputs are shown as examples; every other test is hidden
MAX_TESTS = 1000  # the bank's load-time cap per question; plus inputs are thinned evenly to fit
MAX_TEST_CHARS = 10_000  # an input or output larger than this is left out (a few tasks have 100 MB of them)
REL_TOL = 1e-7
CHILD_TIMEOUT_S = 120.0
CHILD_MEMORY_MB = 1024
INT64 = 2**63
ROOT_CHECK = {"find_zero": "assert abs(poly({xs!r}, find_zero({xs!r}))) <= {atol!r}"}

# Runs the canonical solution in the child; outputs go back as tagged JSON on the saved stdout.
CHILD = r"""
import json, math, os, resource, sys
out = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
job = json.loads(sys.stdin.read())
limit = job["memory_mb"] * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
resource.setrlimit(resource.RLIMIT_CPU, (job["cpu_s"], job["cpu_s"] + 1))
def enc(v, depth=0):
    if depth > 50:
        raise ValueError("nested too deep")
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else {"f": repr(v)}
    if isinstance(v, list):
        return [enc(x, depth + 1) for x in v]
    if isinstance(v, tuple):
        return {"t": [enc(x, depth + 1) for x in v]}
    if isinstance(v, (set, frozenset)):
        return {"s": [enc(x, depth + 1) for x in v]}
    if isinstance(v, dict):
        return {"d": [[enc(k, depth + 1), enc(x, depth + 1)] for k, x in v.items()]}
    raise TypeError(type(v).__name__)
ns = {"__name__": "solution"}
exec(compile(job["code"], "<canonical>", "exec"), ns)
func = ns[job["entry"]]
for raw in job["inputs"]:
    try:
        line = json.dumps({"ok": enc(func(*json.loads(raw)))})
    except BaseException as exc:
        line = json.dumps({"err": type(exc).__name__})
    out.write((line if len(line) <= job["max_chars"] else '{"err": "too large"}') + "\n")
    out.flush()
"""


def build_pack(source: Path, dest: Path, name: str, fmt: str = "evalplus") -> None:
    """Write `pack.toml` and one question per HumanEval+ task under `dest`."""

    records = read_records(source, "evalplus")
    dest.mkdir(parents=True, exist_ok=True)
    dropped: list[str] = []
    questions = []
    for number, record in enumerate(records, start=1):
        try:
            question, left_out = convert(record, name)
        except (KeyError, TypeError, ValueError, SyntaxError) as exc:
            raise UserError(f"{source}: problem {number}: not a HumanEval+ record "
                            f"({exc.__class__.__name__}: {exc})") from None
        questions.append(question)
        if left_out:
            dropped.append(f"{record['task_id']} ({left_out})")
    description = ("HumanEval+ (EvalPlus, Liu et al. 2023; HumanEval by OpenAI): 164 problems with their "
                   "base and plus inputs as hidden data tests.")
    if dropped:
        description += (f" Inputs left out (over {MAX_TESTS} per task, input or output over "
                        f"{MAX_TEST_CHARS:,} characters, or the canonical solution fails on it): "
                        f"{', '.join(dropped)}.")
    write_toml(dest / "pack.toml", {"name": name, "version": "1.0.0", "description": description,
                                "author": "converted by `interview bank import`", "licence": "Apache-2.0"})
    for question in questions:
        write_toml(dest / f"{question['id'].split('.', 1)[1]}.toml", question)


def convert(record: dict[str, Any], pack: str) -> tuple[dict[str, Any], int]:
    """One task as a question dict, and how many of its inputs were left out."""
    number = str(record["task_id"]).rsplit("/", 1)[-1]
    entry, prompt = str(record["entry_point"]), str(record["prompt"])
    solution = prompt + str(record["canonical_solution"])
    base_inputs = [list(i) for i in record["base_input"] if len(json.dumps(i)) <= MAX_TEST_CHARS]
    plus_inputs = [list(i) for i in record["plus_input"] if len(json.dumps(i)) <= MAX_TEST_CHARS]
    room = max(MAX_TESTS - len(base_inputs), 0)
    if len(plus_inputs) > room:
        plus_inputs = [plus_inputs[k * len(plus_inputs) // room] for k in range(room)]
    inputs = base_inputs + plus_inputs
    atol = float(record.get("atol") or 0.0)
    text = (f"Complete `{entry}` so that it does what its docstring says.\n\n"
            f"```python\n{prompt.strip()}\n```\n")
    base = len(base_inputs)
    tests = (_root_tests(entry, inputs, base, atol) if entry in ROOT_CHECK
             else _data_tests(solution, entry, inputs, base, atol))
    kept = _verified(number, text, prompt, solution, entry, tests, pack)
    if not kept:
        raise ValueError("the canonical solution passes none of its own inputs")
    question = question_dict(f"{pack}.{number}", f"HumanEval+ {number}: {entry}", text, prompt, solution,
                             entry, kept)
    return question, len(record["base_input"]) + len(record["plus_input"]) - len(kept)


def _data_tests(solution: str, entry: str, inputs: list[list[Any]], base: int,
                atol: float) -> list[dict[str, Any]]:
    outputs = canonical_outputs(solution, entry, inputs)
    tests = []
    for index, (args, output) in enumerate(zip(inputs, outputs, strict=True)):
        if "ok" not in output:
            continue
        try:
            expected = decode(output["ok"])
        except (TypeError, ValueError, KeyError):
            continue
        test: dict[str, Any] = {"name": _name(index, base), "hidden": index >= VISIBLE}
        if not (_put(test, "args", tuple(args)) and _put(test, "expected", expected)):
            continue
        if _has_float(expected):
            test.update(compare="float", rel_tol=REL_TOL, abs_tol=atol)
        tests.append(test)
    return tests


def _root_tests(entry: str, inputs: list[list[Any]], base: int, atol: float) -> list[dict[str, Any]]:
    return [{"name": _name(i, base), "hidden": i >= VISIBLE,
             "script": ROOT_CHECK[entry].format(xs=args[0], atol=atol or 1e-4)}
            for i, args in enumerate(inputs) if len(args) == 1]


def _name(index: int, base: int) -> str:
    return f"base input {index + 1}" if index < base else f"plus input {index - base + 1}"


def _verified(number: str, text: str, prompt: str, solution: str, entry: str,
              tests: list[dict[str, Any]], pack: str) -> list[dict[str, Any]]:
    """The tests the canonical solution passes when graded by the real code grader."""
    from interview.bank.models import CodingQuestion
    from interview.grading.code import grade_code

    if not tests:
        return []
    question = CodingQuestion.model_validate(
        question_dict(f"{pack}.{number}", f"HumanEval+ {number}", text, prompt, solution, entry, tests))
    result = grade_code(question, solution, measure_complexity=False)
    if result.code is None or result.code.syntax_error:
        return []
    return [t for t, o in zip(tests, result.code.tests, strict=True) if o.verdict == "passed"]


def canonical_outputs(code: str, entry: str, inputs: list[list[Any]],
                      timeout: float = CHILD_TIMEOUT_S) -> list[dict[str, Any]]:
    """`{"ok": tagged value}` or `{"err": exception name}` per input, from a sandboxed child."""
    from interview.grading.code.runner import child_env, kill_group

    job = json.dumps({"code": code, "entry": entry, "inputs": [json.dumps(i) for i in inputs],
                      "memory_mb": CHILD_MEMORY_MB, "cpu_s": math.ceil(timeout),
                      "max_chars": MAX_TEST_CHARS})
    with tempfile.TemporaryDirectory(prefix="interview-expected-") as workdir:
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, cwd=workdir, env=child_env(workdir), start_new_session=True, text=True)
        try:
            stdout, _ = proc.communicate(job, timeout=timeout)
        except subprocess.TimeoutExpired:
            stdout = ""
        finally:
            kill_group(proc.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
    lines = []
    for line in stdout.splitlines()[: len(inputs)]:
        try:
            parsed = json.loads(line)
        except ValueError:
            parsed = {"err": "unreadable output"}
        lines.append(parsed if isinstance(parsed, dict) else {"err": "unreadable output"})
    return lines + [{"err": "no output"}] * (len(inputs) - len(lines))


def decode(value: Any) -> Any:
    """Rebuild a tagged JSON value from the child (tuples, sets, dicts with any keys, inf/nan)."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "t" in value:
        return tuple(decode(v) for v in value["t"])
    if "s" in value:
        return {decode(v) for v in value["s"]}
    if "d" in value:
        return {decode(k): decode(v) for k, v in value["d"]}
    if value.get("f") in ("inf", "-inf", "nan"):
        return float(value["f"])
    raise ValueError(f"unknown tagged value {value!r}")


def _put(test: dict[str, Any], key: str, value: Any) -> bool:
    """Store `value` as plain TOML, else as a Python literal; False if it is neither."""
    if _plain(value):
        test[key] = _lists(value)
        return True
    text = repr(value)
    if "inf" in text or "nan" in text:  # repr(inf) is not a literal; check the literal round-trips
        try:
            if ast.literal_eval(text) != value:
                return False
        except (ValueError, SyntaxError):
            return False
    test[f"{key}_literal"] = text
    return True


def _plain(value: Any) -> bool:
    """Whether TOML can hold `value` as is (no None, tuples, sets, non-string keys or 65-bit ints)."""
    if isinstance(value, bool | str):
        return True
    if isinstance(value, int):
        return -INT64 <= value < INT64
    if isinstance(value, float):
        return True
    if isinstance(value, list | tuple):  # the exact comparator takes lists and tuples alike
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def _lists(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    return value


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, list | tuple | set):
        return any(_has_float(v) for v in value)
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    return False

